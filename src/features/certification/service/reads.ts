/**
 * What other features read of certification: a company of the registry, the mandates an eSpace
 * holds on a scope (the procedures' "For which company?", checked again at transmission). Reads
 * only, and only through this module: every change to certification's tables goes through its
 * own services, and its stores stay its own (src/layers.test.ts).
 */
export { findEntity } from '../store.ts';
export {
  findActiveMandate,
  listMandates,
  type MandateLine,
  mandateCursor,
  scopesWithAccess,
} from '../store-mandate-lists.ts';
