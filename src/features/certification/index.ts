import type { FeatureModule } from '../../platform/registry.ts';
import { demoCertificationRemover, seedDemoCertification } from './demo.ts';
import { certificationEvents } from './events.ts';
import { certificationRoutes } from './routes.tsx';
import { certificationBackofficeRoutes } from './routes-backoffice.tsx';

/**
 * Certification by access codes: the Certifications tab, "My business data", mandates, and in
 * the back office the administrations' access codes and their letters.
 */
export const certification: FeatureModule = {
  name: 'certification',
  routes: [certificationRoutes, certificationBackofficeRoutes],
  menu: [
    { href: '/business-data', label: 'certification.data.title', order: 20, when: { kind: 'business' } },
  ],
  profileTabs: [
    { key: 'certifications', href: '/space/certifications', order: 30, when: { kind: 'business' } },
  ],
  events: Object.values(certificationEvents),
  backofficePages: [
    { path: 'codes', label: 'certification.office.codes.title', order: 10, action: 'codes.manage' },
  ],
  demo: { seed: seedDemoCertification, remover: demoCertificationRemover },
};
