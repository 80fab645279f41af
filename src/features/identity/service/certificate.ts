import { timingSafeEqual } from 'node:crypto';
import { audit } from '../../../platform/audit.ts';
import { randomPassword } from '../../../platform/random.ts';
import {
  certificateAuthority,
  certificateNumberOf,
  fingerprintOf,
  issueClientCertificate,
  toP12,
} from '../ca.ts';
import { generateCertificateNumber } from '../rules.ts';
import { type DeviceRow, findDeviceByCertificateNumber, findPerson, insertDevice } from '../store.ts';
import type { IdentityCtx } from './context.ts';

/** The certificate devices of the log on page. */
export const certificateLabels = ['smartcard', 'signing_stick', 'eid'] as const;
export type CertificateLabel = (typeof certificateLabels)[number];

export const isCertificateLabel = (value: unknown): value is CertificateLabel =>
  certificateLabels.includes(value as CertificateLabel);

export type CertificateEnrolment = {
  device: DeviceRow;
  /** The .p12 file (certificate, key, CA), encrypted with `password`. */
  p12: Buffer;
  /** One-time password of the .p12: returned once, never stored. */
  password: string;
};

/** The CA of the configuration, loaded (or created) once per process. */
export const caOf = (ctx: IdentityCtx) => certificateAuthority(ctx.config.tls.caDir, [ctx.config.tls.host]);

/**
 * Gives a person a certificate device (smartcard, signing stick or eID): a new certificate
 * number, a client certificate carrying it, signed by the CA, and its .p12 with a one-time
 * password. Only the certificate's fingerprint is kept.
 */
export async function enrolCertificate(
  ctx: IdentityCtx,
  personId: string,
  label: CertificateLabel = 'smartcard',
): Promise<CertificateEnrolment> {
  if (!isCertificateLabel(label)) throw new Error(`not a certificate device: ${label}`);
  const person = await findPerson(ctx.db, personId);
  if (!person) throw new Error('no such person');
  const ca = await caOf(ctx);
  const certificateNumber = generateCertificateNumber();
  const issued = await issueClientCertificate(ca, {
    certificateNumber,
    surname: person.surname,
    firstName: person.firstName,
  });
  const password = randomPassword(16);
  const p12 = toP12(issued.certPem, issued.keyPem, ca, password, `Comptoir ${certificateNumber}`);
  const device = await insertDevice(ctx.db, {
    personId,
    kind: 'certificate',
    label,
    certificateNumber,
    certificateFingerprint: fingerprintOf(issued.cert.rawData),
  });
  await audit(ctx.db, {
    action: 'device.added',
    personId,
    deviceId: device.id,
    certificateNumber,
    ip: ctx.ip,
    detail: { kind: 'certificate', label },
  });
  return { device, p12, password };
}

export type CertificateResult = { ok: true; device: DeviceRow } | { ok: false; reason: CertificateFailure };
export type CertificateFailure = 'unreadable' | 'unknown' | 'revoked' | 'mismatch';

const sameHex = (a: string, b: string) =>
  a.length === b.length && timingSafeEqual(Buffer.from(a), Buffer.from(b));

/**
 * Checks a client certificate the TLS listener accepted (signed by the CA, in its validity):
 * the certificate number it carries must be an active certificate device, and the certificate
 * itself the one on record for it (a revoked device or a certificate not issued here is refused).
 */
export async function verifyClientCertificate(
  ctx: IdentityCtx,
  peerCertDer: Uint8Array,
): Promise<CertificateResult> {
  const fingerprint = fingerprintOf(peerCertDer);
  const fail = async (reason: CertificateFailure, device?: DeviceRow, certificateNumber?: string) => {
    await audit(ctx.db, {
      action: 'logon.failed',
      personId: device?.personId,
      deviceId: device?.id,
      certificateNumber: device?.certificateNumber ?? certificateNumber,
      ip: ctx.ip,
      detail: { kind: 'certificate', reason, fingerprint },
    });
    return { ok: false, reason } as const;
  };
  let number: string | undefined;
  try {
    number = certificateNumberOf(peerCertDer);
  } catch {
    return fail('unreadable');
  }
  if (!number || !/^\d{20}$/.test(number)) return fail('unreadable');
  const device = await findDeviceByCertificateNumber(ctx.db, number);
  if (device?.kind !== 'certificate' || !device.certificateFingerprint)
    return fail('unknown', undefined, number);
  if (device.revokedAt) return fail('revoked', device);
  if (!sameHex(device.certificateFingerprint, fingerprint)) return fail('mismatch', device);
  await audit(ctx.db, {
    action: 'logon.certificate',
    personId: device.personId,
    deviceId: device.id,
    certificateNumber: device.certificateNumber,
    ip: ctx.ip,
    detail: { kind: 'certificate' },
  });
  return { ok: true, device };
}
