import { randomBytes } from 'node:crypto';
import { currentCode, enrolOtp } from '../../src/features/identity/service/otp.ts';
import { createPerson } from '../../src/features/identity/service/persons.ts';
import { cookiesFrom, type TestApp } from './app.ts';

export type OtpPerson = {
  personId: string;
  surname: string;
  firstName: string;
  login: string;
  password: string;
  secret: string;
  certificateNumber: string;
  deviceId: string;
  email: string;
  code?: string;
};

/** A new person with an OTP token, created through the service (a fresh one per test). */
export async function newOtpPerson(
  t: TestApp,
  names: { surname?: string; firstName?: string; lang?: 'fr' | 'en' | 'de' } = {},
): Promise<OtpPerson> {
  const suffix = randomBytes(4).toString('hex');
  const surname = names.surname ?? `Muller${suffix}`;
  const firstName = names.firstName ?? 'Anne';
  const ctx = { db: t.database.db, config: t.config };
  const person = await createPerson(ctx, {
    surname,
    firstName,
    email: `anne.${suffix}@example.lu`,
    preferredLang: names.lang ?? 'en',
  });
  const enrolment = await enrolOtp(ctx, person.id, { login: `anne-${suffix}` });
  return {
    personId: person.id,
    surname,
    firstName,
    login: enrolment.login,
    password: enrolment.password,
    secret: enrolment.secret,
    certificateNumber: enrolment.device.certificateNumber,
    deviceId: enrolment.device.id,
    email: person.email,
  };
}

/**
 * GETs a page and returns its CSRF token with the cookies to send back, and the one-time token
 * of its first creating form (if it has one).
 */
export async function pageCsrf(
  t: TestApp,
  url: string,
  cookie = '',
): Promise<{ csrf: string; cookie: string; once?: string }> {
  const page = await t.app.inject({ url, headers: cookie ? { cookie } : {} });
  const csrf = page.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
  if (!csrf) throw new Error(`no CSRF token on ${url} (status ${page.statusCode})`);
  const cookies = [cookie, cookiesFrom(page)].filter(Boolean).join('; ');
  const once = page.body.match(/name="_once" value="([^"]+)"/)?.[1];
  return { csrf, cookie: cookies, ...(once ? { once } : {}) };
}

/**
 * Posts the demo "First visit" form from a new browser, in English: `fields` change a valid
 * visitor (Paul Schmit, with a token).
 */
export async function postFirstVisit(t: TestApp, fields: Record<string, string> = {}) {
  const form = await pageCsrf(t, '/first-visit');
  return t.app.inject({
    method: 'POST',
    url: '/first-visit',
    headers: { cookie: form.cookie, 'accept-language': 'en' },
    payload: {
      _csrf: form.csrf,
      _once: form.once ?? '',
      surname: 'Schmit',
      firstName: 'Paul',
      email: 'paul.schmit@example.lu',
      preferredLang: 'en',
      device: 'token',
      ...fields,
    },
  });
}

/**
 * Logs on through the token form as a browser would. `offsetMs` picks a code of another time
 * step, for a second log on within the same 30 s.
 */
export async function logOnWithToken(
  t: TestApp,
  person: Pick<OtpPerson, 'login' | 'password' | 'secret' | 'code'>,
  extraCookie = '',
  offsetMs = 0,
) {
  const code = person.code ?? currentCode(person.secret, Date.now() + offsetMs);
  const form = await pageCsrf(t, '/logon/token', extraCookie);
  const response = await t.app.inject({
    method: 'POST',
    url: '/logon/token',
    headers: { cookie: form.cookie, 'accept-language': 'en' },
    payload: { _csrf: form.csrf, login: person.login, password: person.password, code },
  });
  // `__Host-sid` when BASE_URL is https.
  const sid = response.cookies.find((c) => c.name === 'sid' || c.name === '__Host-sid');
  return { response, code, cookie: sid ? `${sid.name}=${sid.value}` : '' };
}

/** Another token for the same person (the `n`th): a device of its own, with its own certificate number. */
export async function secondToken(t: TestApp, person: OtpPerson, n = 2): Promise<OtpPerson> {
  const ctx = { db: t.database.db, config: t.config };
  const enrolment = await enrolOtp(ctx, person.personId, { login: `${person.login}-${n}` });
  return {
    ...person,
    login: enrolment.login,
    password: enrolment.password,
    secret: enrolment.secret,
    certificateNumber: enrolment.device.certificateNumber,
    deviceId: enrolment.device.id,
  };
}
