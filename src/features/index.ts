import type { Feature } from '../platform/http/app.tsx';
import { siteRoutes } from './site/routes.tsx';

/** Every feature's HTTP routes, in the order they are registered. */
export const features: Feature[] = [siteRoutes];
