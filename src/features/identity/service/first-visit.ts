import { inTransaction } from '../../../platform/db.ts';
import { VISITOR } from '../demo.ts';
import { startAttempt } from './attempts.ts';
import { type CertificateEnrolment, enrolCertificate } from './certificate.ts';
import type { IdentityCtx } from './context.ts';
import { enrolOtp, type OtpEnrolment } from './otp.ts';
import { createPerson, type PersonInput } from './persons.ts';

/** What a first visitor gets: an attempt to register a passkey on, a smartcard, or an OTP token. */
export type FirstVisit =
  | { device: 'mobile'; attemptToken: string }
  | { device: 'smartcard'; enrolment: CertificateEnrolment }
  | { device: 'token'; enrolment: OtpEnrolment };

/**
 * Demo first visit: creates a test person and their first device in one transaction. A passkey
 * is created by the browser, so for one the person gets the attempt its registration needs.
 */
export async function startFirstVisit(
  ctx: IdentityCtx,
  person: PersonInput,
  device: FirstVisit['device'],
): Promise<FirstVisit> {
  return inTransaction(ctx.db, async (tx) => {
    const txCtx = { ...ctx, db: tx };
    const created = await createPerson(txCtx, person, VISITOR);
    if (device === 'mobile')
      return { device, attemptToken: (await startAttempt(txCtx, 'enrol', created.id)).token };
    if (device === 'smartcard')
      return { device, enrolment: await enrolCertificate(txCtx, created.id, 'smartcard') };
    return { device, enrolment: await enrolOtp(txCtx, created.id) };
  });
}
