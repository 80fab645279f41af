import type { FeatureModule } from '../../platform/registry.ts';
import { demoCertificationRemover, seedDemoCertification } from './demo.ts';
import { certificationEvents } from './events.ts';
import { certificationRoutes } from './routes.tsx';

/** Certification by access codes: the Certifications tab, "My business data", mandates. */
export const certification: FeatureModule = {
  name: 'certification',
  routes: [certificationRoutes],
  menu: [
    { href: '/business-data', label: 'certification.data.title', order: 20, when: { kind: 'business' } },
  ],
  profileTabs: [
    { key: 'certifications', href: '/space/certifications', order: 30, when: { kind: 'business' } },
  ],
  events: Object.values(certificationEvents),
  demo: { seed: seedDemoCertification, remover: demoCertificationRemover },
};
