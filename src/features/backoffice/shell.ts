import type { OfficerAction } from '../authorities/permissions.ts';

/**
 * The back office is a shell: its home lists the officer's administrations and each feature adds
 * its own pages (certification: access codes and their letters; procedures: cases, catalogue).
 * A feature registers each page in its `index.ts`; the shell links to those the officer's role
 * allows, and the feature's services check that role again (`requireOfficer`).
 */
export type BackofficePage = {
  /** Under `/backoffice/<administration code>/`, e.g. `codes`. */
  path: string;
  /** Locale key of its name. */
  label: string;
  /** Place among the administration's pages, smallest first (the first is where the home leads). */
  order: number;
  /** What the officer's role must allow for the page to be offered. */
  action: OfficerAction;
};

declare module '../../platform/registry.ts' {
  interface Contributions {
    backofficePages: BackofficePage;
  }
}
