import type { Feature } from '../platform/http/app.tsx';
import { identityRoutes } from './identity/routes.tsx';
import { demoIdentityRoutes } from './identity/routes-demo.tsx';
import { deviceRoutes } from './identity/routes-devices.tsx';
import { oidcRoutes } from './identity/routes-oidc.tsx';
import { siteRoutes } from './site/routes.tsx';

/** Every feature's HTTP routes, in the order they are registered (identity first: its hook finds the session). */
export const features: Feature[] = [identityRoutes, deviceRoutes, demoIdentityRoutes, oidcRoutes, siteRoutes];
