import { auditEvents } from '../db/schema/index.ts';
import type { Db } from './db.ts';

export type AuditEntry = {
  action: string;
  personId?: string | null | undefined;
  deviceId?: string | null | undefined;
  certificateNumber?: string | null | undefined;
  spaceId?: string | null | undefined;
  ip?: string | null | undefined;
  /** Never put secrets here (passwords, codes, tokens). */
  detail?: Record<string, unknown>;
};

/** Appends an audit event, in the caller's transaction when one is passed. */
export async function audit(db: Db, entry: AuditEntry): Promise<void> {
  await db.insert(auditEvents).values({
    action: entry.action,
    personId: entry.personId ?? null,
    deviceId: entry.deviceId ?? null,
    certificateNumber: entry.certificateNumber ?? null,
    spaceId: entry.spaceId ?? null,
    ip: entry.ip ?? null,
    detail: entry.detail ?? null,
  });
}
