import type { Feature } from '../platform/http/app.tsx';
import { mailRoutes } from '../platform/mail/routes.tsx';
import { backofficeRoutes } from './backoffice/routes.tsx';
import { certificationRoutes } from './certification/routes.tsx';
import { identityRoutes } from './identity/routes.tsx';
import { certificateRoutes } from './identity/routes-certificate.tsx';
import { demoIdentityRoutes } from './identity/routes-demo.tsx';
import { deviceRoutes } from './identity/routes-devices.tsx';
import { oidcRoutes } from './identity/routes-oidc.tsx';
import { passkeyRoutes } from './identity/routes-passkey.tsx';
import { memberRoutes } from './members/routes.tsx';
import { notificationRoutes } from './notifications/routes.tsx';
import { siteRoutes } from './site/routes.tsx';
import { spaceRoutes } from './spaces/routes.tsx';

/** Every feature's HTTP routes, in the order they are registered (identity first: its hook finds the session). */
export const features: Feature[] = [
  identityRoutes,
  deviceRoutes,
  certificateRoutes,
  demoIdentityRoutes,
  oidcRoutes,
  passkeyRoutes,
  spaceRoutes,
  memberRoutes,
  certificationRoutes,
  backofficeRoutes,
  notificationRoutes,
  siteRoutes,
  mailRoutes,
];
