import type { FeatureModule } from '../../platform/registry.ts';
import { siteRoutes } from './routes.tsx';

/** The home page, the footer's pages and the language switch. */
export const site: FeatureModule = { name: 'site', routes: [siteRoutes] };
