import type { FeatureModule } from '../../platform/registry.ts';
import { backofficeRoutes } from './routes.tsx';

/** The administrations' back office. */
export const backoffice: FeatureModule = { name: 'backoffice', routes: [backofficeRoutes] };
