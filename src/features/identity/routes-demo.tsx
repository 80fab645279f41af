import type { FastifyInstance } from 'fastify';
import QRCode from 'qrcode';
import { z } from 'zod';
import { AppError } from '../../platform/errors.ts';
import { emailAddress, personName } from '../../platform/fields.ts';
import type { AppDeps } from '../../platform/http/app.tsx';
import { ctxOf } from '../../platform/http/context.ts';
import { languages, type T } from '../../platform/i18n/index.ts';
import { type FieldErrors, fieldErrorsOf } from '../../platform/views/forms.tsx';
import { demoIdentities } from './demo.ts';
import { setAttemptCookie } from './http.ts';
import { formatCertificateNumber } from './rules.ts';
import { type FirstVisit, startFirstVisit } from './service/first-visit.ts';
import type { OtpEnrolment } from './service/otp.ts';
import { CertificateEnrolledPage } from './views/certificate.tsx';
import { DemoIdentitiesPage, FirstVisitPage, type FirstVisitValues, OtpEnrolledPage } from './views/demo.tsx';

/** Device kinds a first visitor can enrol: an OTP token, a passkey on this device, a smartcard. */
const firstVisitDevices = ['token', 'mobile', 'smartcard'];

const firstVisitSchema = z.object({
  surname: personName,
  firstName: personName,
  email: emailAddress,
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
        csrfToken={reply.csrfToken()}
        values={{ preferredLang: request.lang }}
        deviceOptions={firstVisitDevices}
      />,
    ),
  );

  // Sent twice (a double click, a reload), the form makes one person: it carries a one-time token.
  const creating = { preHandler: demoOnly, config: { idempotent: true } } as const;
  app.post<{ Body: FirstVisitValues }>('/first-visit', creating, async (request, reply) => {
    const t = request.t;
    const values = request.body ?? {};
    const parsed = firstVisitSchema.safeParse(values);
    const errors: FieldErrors = parsed.success
      ? {}
      : fieldErrorsOf(t, parsed.error.issues, {
          label: (field) => t(`identity.firstVisit.${field}`),
          message: (field) =>
            t(
              field === 'email' ? 'identity.firstVisit.emailInvalid' : `identity.firstVisit.${field}Required`,
            ),
        });
    if (parsed.success && !firstVisitDevices.includes(parsed.data.device))
      errors.device = t('identity.firstVisit.deviceRequired');
    if (!parsed.success || Object.keys(errors).length > 0) {
      return reply.page(
        t('identity.firstVisit.title'),
        <FirstVisitPage
          t={t}
          csrfToken={reply.csrfToken()}
          values={values}
          errors={errors}
          deviceOptions={firstVisitDevices}
        />,
        400,
      );
    }
    const { device, ...person } = parsed.data;
    const visit = await startFirstVisit(ctxOf(deps, request), person, device as FirstVisit['device']);
    if (visit.device === 'mobile') {
      // A passkey is created by the browser: the person registers it on the next page.
      setAttemptCookie(deps, reply, visit.attemptToken);
      return reply.redirect('/first-visit/passkey?device=mobile', 303);
    }
    if (visit.device === 'smartcard') {
      return reply.page(
        t('identity.certificate.doneTitle'),
        <CertificateEnrolledPage
          t={t}
          enrolment={visit.enrolment}
          next={{ href: '/logon/certificate?device=smartcard', label: t('identity.firstVisit.logonNow') }}
        />,
      );
    }
    return reply.page(
      t('identity.firstVisit.otpDoneTitle'),
      await renderOtpEnrolment(t, visit.enrolment, {
        href: '/logon/token',
        label: t('identity.firstVisit.logonNow'),
      }),
    );
  });
}
