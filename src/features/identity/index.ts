import type { FeatureModule } from '../../platform/registry.ts';
import { minutesAgo } from '../../platform/throttle.ts';
import { demoIdentityRemover, seedDemoIdentities } from './demo.ts';
import { identityRoutes } from './routes.tsx';
import { certificateRoutes } from './routes-certificate.tsx';
import { demoIdentityRoutes } from './routes-demo.tsx';
import { deviceRoutes } from './routes-devices.tsx';
import { oidcRoutes } from './routes-oidc.tsx';
import { passkeyRoutes } from './routes-passkey.tsx';
import { deleteStaleLogonData } from './store.ts';

/** Persons, devices, log on and sessions. Registered first: its hook finds the session. */
export const identity: FeatureModule = {
  name: 'identity',
  routes: [identityRoutes, deviceRoutes, certificateRoutes, demoIdentityRoutes, oidcRoutes, passkeyRoutes],
  demo: { seed: seedDemoIdentities, remover: demoIdentityRemover },
  // Log on attempts and sessions a day past their end.
  housekeeping: (db, _config, now) => deleteStaleLogonData(db, minutesAgo(24 * 60, now)),
};
