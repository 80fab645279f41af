import { formatCertificateNumber } from '../../features/identity/rules.ts';
import { enrolCertificate, isCertificateLabel } from '../../features/identity/service/certificate.ts';
import { enrolOtp } from '../../features/identity/service/otp.ts';
import { findPersonByRef } from '../../features/identity/service/persons.ts';
import { type Command, parseOptions } from '../support.ts';

const USAGE =
  'Usage: comptoir device add --person <person id or national id> --kind otp|certificate [--label smartcard|signing_stick|eid] [--out file.p12]\n';

export const deviceCommand: Command = {
  summary: 'device add: give a person an OTP token or a certificate (.p12).',
  database: true,
  async run(args, ctx) {
    const [action, ...rest] = args;
    if (action !== 'add') {
      ctx.err(USAGE);
      return 2;
    }
    const values = parseOptions(
      rest,
      {
        person: { type: 'string' },
        kind: { type: 'string' },
        label: { type: 'string' },
        out: { type: 'string' },
      },
      USAGE,
      ctx,
    );
    if (!values) return 2;
    const { person: who, kind } = values;
    const label = values.label ?? 'smartcard';
    if (!who || (kind !== 'otp' && kind !== 'certificate')) {
      ctx.err(USAGE);
      return 2;
    }
    if (kind === 'certificate' && !isCertificateLabel(label)) {
      ctx.err(`--label must be smartcard, signing_stick or eid\n${USAGE}`);
      return 2;
    }
    return ctx.withDatabase(async (database, config) => {
      const identity = { db: database.db, config };
      const person = await findPersonByRef(identity, who);
      if (!person) {
        ctx.err(`No person "${who}".\n`);
        return 1;
      }
      if (kind === 'otp') {
        const enrolment = await enrolOtp(identity, person.id);
        ctx.out(
          `Certificate number: ${formatCertificateNumber(enrolment.device.certificateNumber)}\n` +
            `User ID: ${enrolment.login}\nPassword: ${enrolment.password}\nSecret: ${enrolment.secret}\n` +
            `URI: ${enrolment.otpauthUri}\n`,
        );
        return 0;
      }
      if (!isCertificateLabel(label)) return 2;
      const enrolment = await enrolCertificate(identity, person.id, label);
      const number = enrolment.device.certificateNumber;
      const out = await ctx.writeFile(values.out ?? `comptoir-${number}.p12`, enrolment.p12, 0o600);
      ctx.out(
        `Certificate number: ${formatCertificateNumber(number)}\n` +
          `File: ${out}\nPassword: ${enrolment.password}\n`,
      );
      return 0;
    });
  },
};
