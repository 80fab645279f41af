import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { languages, type T } from '../../platform/i18n/index.ts';
import type { FieldErrors } from '../../platform/views/forms.tsx';
import { demoIdentities } from './demo.ts';
import { ctxOf } from './http.ts';
import { formatCertificateNumber } from './rules.ts';
import { enrolOtp, type OtpEnrolment } from './service/otp.ts';
import { createPerson } from './service/persons.ts';
import { DemoIdentitiesPage, FirstVisitPage, type FirstVisitValues, OtpEnrolledPage } from './views/demo.tsx';

/** Device kinds a first visitor can enrol; other features (passkey, certificate) add theirs. */
export const firstVisitDevices = ['token'];

const firstVisitSchema = z.object({
  surname: z.string().trim().min(1).max(100),
  firstName: z.string().trim().min(1).max(100),
  email: z.string().trim().toLowerCase().email().max(254),
  preferredLang: z.enum(languages).catch('fr'),
  device: z.string(),
});

/** Shows what a new OTP token needs, once: user ID, password, secret and its QR code. */
export async function renderOtpEnrolment(
  t: T,
  enrolment: OtpEnrolment,
  next: { href: string; label: string },
) {
  return (
    <OtpEnrolledPage
      t={t}
      login={enrolment.login}
      password={enrolment.password}
      secret={enrolment.secret}
      qrDataUri={await QRCode.toDataURL(enrolment.otpauthUri, { margin: 1, width: 220 })}
      certificateNumber={formatCertificateNumber(enrolment.device.certificateNumber)}
      next={next}
    />
  );
}

/** Demo mode only: create a test identity, and the page listing the seeded ones. */
export function demoIdentityRoutes(app: FastifyInstance, deps: AppDeps): void {
  const demoOnly = async () => {
    if (deps.config.mode !== 'demo') throw new AppError('NotFound');
  };

  app.get('/demo-identities', { preHandler: demoOnly }, async (request, reply) => {
    const identities = await demoIdentities(deps.database.db);
    return reply.page(
      request.t('identity.demo.title'),
      <DemoIdentitiesPage t={request.t} identities={identities} />,
    );
  });

  app.get('/first-visit', { preHandler: demoOnly }, async (request, reply) =>
    reply.page(
      request.t('identity.firstVisit.title'),
      <FirstVisitPage
        t={request.t}
        csrfToken={reply.generateCsrf()}
        values={{ preferredLang: request.lang }}
        deviceOptions={firstVisitDevices}
      />,
    ),
  );

  app.post<{ Body: FirstVisitValues }>('/first-visit', { preHandler: demoOnly }, async (request, reply) => {
    const t = request.t;
    const values = request.body ?? {};
    const parsed = firstVisitSchema.safeParse(values);
    const errors: FieldErrors = {};
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const field = String(issue.path[0]);
        errors[field] ??= t(
          field === 'email' ? 'identity.firstVisit.emailInvalid' : `identity.firstVisit.${field}Required`,
        );
      }
    }
    if (parsed.success && !firstVisitDevices.includes(parsed.data.device))
      errors.device = t('identity.firstVisit.deviceRequired');
    if (!parsed.success || Object.keys(errors).length > 0) {
      return reply.page(
        t('identity.firstVisit.title'),
        <FirstVisitPage
          t={t}
          csrfToken={reply.generateCsrf()}
          values={values}
          errors={errors}
          deviceOptions={firstVisitDevices}
        />,
        400,
      );
    }
    const ctx = ctxOf(deps, request);
    const { device: kind, ...person } = parsed.data;
    if (kind !== 'token') throw new AppError('NotFound');
    const enrolment = await ctx.db.transaction(async (tx) => {
      const txCtx = { ...ctx, db: tx as unknown as typeof ctx.db };
      const created = await createPerson(txCtx, person);
      return enrolOtp(txCtx, created.id);
    });
    return reply.page(
      t('identity.firstVisit.otpDoneTitle'),
      await renderOtpEnrolment(t, enrolment, {
        href: '/logon/token',
        label: t('identity.firstVisit.logonNow'),
      }),
    );
  });
}
