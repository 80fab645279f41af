import type { FeatureModule } from '../../platform/registry.ts';
import { demoIdentityRemover, seedDemoIdentities } from './demo.ts';
import { identityRoutes } from './routes.tsx';
import { certificateRoutes } from './routes-certificate.tsx';
import { demoIdentityRoutes } from './routes-demo.tsx';
import { deviceRoutes } from './routes-devices.tsx';
import { oidcRoutes } from './routes-oidc.tsx';
import { passkeyRoutes } from './routes-passkey.tsx';

/** Persons, devices, log on and sessions. Registered first: its hook finds the session. */
export const identity: FeatureModule = {
  name: 'identity',
  routes: [identityRoutes, deviceRoutes, certificateRoutes, demoIdentityRoutes, oidcRoutes, passkeyRoutes],
  demo: { seed: seedDemoIdentities, remover: demoIdentityRemover },
};
