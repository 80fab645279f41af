import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { formatCertificateNumber } from '../../features/identity/rules.ts';
import { enrolCertificate, isCertificateLabel } from '../../features/identity/service/certificate.ts';
import { enrolOtp } from '../../features/identity/service/otp.ts';
import { findPersonByRef } from '../../features/identity/service/persons.ts';
import type { Command } from '../main.ts';
import { parseOptions, withDatabase } from '../support.ts';

const USAGE =
  'Usage: comptoir device add --person <person id or national id> --kind otp|certificate [--label smartcard|signing_stick|eid] [--out file.p12]\n';

export const deviceCommand: Command = {
  summary: 'device add: give a person an OTP token or a certificate (.p12).',
  async run(args) {
    const [action, ...rest] = args;
    if (action !== 'add') {
      process.stderr.write(USAGE);
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
    );
    if (!values) return 2;
    const { person: who, kind } = values;
    const label = values.label ?? 'smartcard';
    if (!who || (kind !== 'otp' && kind !== 'certificate')) {
      process.stderr.write(USAGE);
      return 2;
    }
    if (kind === 'certificate' && !isCertificateLabel(label)) {
      process.stderr.write(`--label must be smartcard, signing_stick or eid\n${USAGE}`);
      return 2;
    }
    return withDatabase(async (database, config) => {
      const ctx = { db: database.db, config };
      const person = await findPersonByRef(ctx, who);
      if (!person) {
        process.stderr.write(`No person "${who}".\n`);
        return 1;
      }
      if (kind === 'otp') {
        const enrolment = await enrolOtp(ctx, person.id);
        process.stdout.write(
          `Certificate number: ${formatCertificateNumber(enrolment.device.certificateNumber)}\n` +
            `User ID: ${enrolment.login}\nPassword: ${enrolment.password}\nSecret: ${enrolment.secret}\n` +
            `URI: ${enrolment.otpauthUri}\n`,
        );
        return 0;
      }
      if (!isCertificateLabel(label)) return 2;
      const enrolment = await enrolCertificate(ctx, person.id, label);
      const number = enrolment.device.certificateNumber;
      const out = path.resolve(values.out ?? `comptoir-${number}.p12`);
      await writeFile(out, enrolment.p12, { mode: 0o600 });
      process.stdout.write(
        `Certificate number: ${formatCertificateNumber(number)}\n` +
          `File: ${out}\nPassword: ${enrolment.password}\n`,
      );
      return 0;
    });
  },
};
