import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { type ConnectionOptions, connect } from 'node:tls';
import { cookiesFrom, type TestApp, testApp } from '../../../test/support/app.ts';
import { logOnWithToken, newOtpPerson, pageCsrf, postFirstVisit } from '../../../test/support/identity.ts';
import { type CertificateAuthority, issueClientCertificate, loadOrCreateCa } from './ca.ts';
import { generateCertificateNumber } from './rules.ts';
import { caOf, enrolCertificate } from './service/certificate.ts';
import { createPerson } from './service/persons.ts';
import { updateDevice } from './store.ts';
import { type CertificateListener, startCertificateListener } from './tls-listener.ts';

type Client = { pfx: Buffer; passphrase: string } | { cert: string; key: string } | Record<string, never>;

describe('log on with a client certificate (mutual TLS)', () => {
  let t: TestApp;
  let listener: CertificateListener;
  let ca: CertificateAuthority;
  let caDir: string;

  before(async () => {
    caDir = await mkdtemp(path.join(tmpdir(), 'comptoir-ca-'));
    t = await testApp({ env: { TLS_PORT: '0', TLS_HOST: '127.0.0.1', CA_DIR: path.join(caDir, 'ours') } });
    listener = await startCertificateListener({ config: t.config, database: t.database });
    ca = await caOf({ db: t.database.db, config: t.config });
  });
  after(async () => {
    await listener?.close();
    await t?.close();
    await rm(caDir, { recursive: true, force: true });
  });

  const ctx = () => ({ db: t.database.db, config: t.config });

  async function newCertificatePerson() {
    const suffix = randomBytes(4).toString('hex');
    const person = await createPerson(ctx(), {
      surname: `Weber${suffix}`,
      firstName: 'Luc',
      email: `luc.${suffix}@example.lu`,
    });
    const enrolment = await enrolCertificate(ctx(), person.id, 'smartcard');
    return { person, enrolment, client: { pfx: enrolment.p12, passphrase: enrolment.password } };
  }

  /** The log on page in a fresh browser: its `logon` cookie and the attempt id of the TLS link. */
  async function startLogon() {
    const page = await t.app.inject({
      url: '/logon/certificate?device=smartcard',
      headers: { 'accept-language': 'en' },
    });
    assert.equal(page.statusCode, 200);
    const attemptId = page.body.match(/\/logon\/certificate\/tls\?attempt=([0-9a-f-]{36})/)?.[1];
    assert.ok(attemptId, 'the page links to the TLS listener');
    return { cookie: cookiesFrom(page), attemptId, body: page.body };
  }

  function tlsGet(attemptId: string, client: Client) {
    return new Promise<{ status: number; location?: string; body: string }>((resolve, reject) => {
      const req = request(
        {
          host: '127.0.0.1',
          port: listener.port,
          path: `/logon/certificate/tls?attempt=${attemptId}`,
          ca: ca.certPem,
          agent: false,
          headers: { 'accept-language': 'en' },
          ...client,
        },
        (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (chunk) => {
            body += chunk;
          });
          res.on('end', () =>
            resolve({
              status: res.statusCode ?? 0,
              body,
              ...(res.headers.location ? { location: res.headers.location } : {}),
            }),
          );
        },
      );
      req.on('error', reject);
      req.end();
    });
  }

  const complete = (location: string, cookie: string) => {
    const url = new URL(location);
    return t.app.inject({
      url: `${url.pathname}${url.search}`,
      headers: { cookie, 'accept-language': 'en' },
    });
  };

  it('shows the certificate page with the session identifier', async () => {
    const { body } = await startLogon();
    assert.match(body, /session identifier <strong[^>]*>[A-Z]{2}\d{4}</);
    assert.match(body, /Log on with your Smartcard/);
    assert.match(body, new RegExp(`https://127\\.0\\.0\\.1:${t.config.tls.port}/logon/certificate/tls`));
    const unknown = await t.app.inject({ url: '/logon/certificate?device=floppy' });
    assert.equal(unknown.statusCode, 404);
  });

  it('logs on with a valid certificate: ticket, then a session in the same browser', async () => {
    const { person, client } = await newCertificatePerson();
    const { cookie, attemptId } = await startLogon();
    const tls = await tlsGet(attemptId, client);
    assert.equal(tls.status, 303, tls.body);
    const location = tls.location ?? '';
    assert.ok(location.startsWith(`${t.config.baseUrl}/logon/certificate/complete?ticket=`), location);

    const elsewhere = await complete(location, '');
    assert.equal(elsewhere.statusCode, 400, 'another browser cannot use the ticket');

    const done = await complete(location, cookie);
    assert.equal(done.statusCode, 303);
    assert.equal(done.headers.location, '/');
    const sid = done.cookies.find((c) => c.name === 'sid');
    assert.ok(sid, 'session cookie set');
    const home = await t.app.inject({
      url: '/',
      headers: { cookie: `sid=${sid.value}`, 'accept-language': 'en' },
    });
    assert.match(home.body, new RegExp(`Luc ${person.surname}`));

    const again = await complete(location, cookie);
    assert.equal(again.statusCode, 400, 'a ticket is good once');
    assert.match(again.body, /unknown, has expired or was already used/);
    assert.ok(!again.cookies.some((c) => c.name === 'sid'));
  });

  it('refuses a connection without a certificate', async () => {
    const { attemptId } = await startLogon();
    const tls = await tlsGet(attemptId, {});
    assert.equal(tls.status, 401);
    assert.match(tls.body, /Certificate refused/);
  });

  it('refuses a certificate of a foreign CA, even with a known certificate number', async () => {
    const { enrolment } = await newCertificatePerson();
    const foreign = await loadOrCreateCa(path.join(caDir, 'foreign'));
    const forged = await issueClientCertificate(foreign, {
      certificateNumber: enrolment.device.certificateNumber,
      surname: 'Weber',
      firstName: 'Luc',
    });
    const { attemptId } = await startLogon();
    const tls = await tlsGet(attemptId, { cert: forged.certPem, key: forged.keyPem });
    assert.equal(tls.status, 401);
    assert.match(tls.body, /Certificate refused/);
  });

  it('refuses a certificate of our CA that is not on record', async () => {
    const stray = await issueClientCertificate(ca, {
      certificateNumber: generateCertificateNumber(),
      surname: 'Nobody',
      firstName: 'Known',
    });
    const { attemptId } = await startLogon();
    const tls = await tlsGet(attemptId, { cert: stray.certPem, key: stray.keyPem });
    assert.equal(tls.status, 401);
  });

  it('refuses the certificate of a revoked device', async () => {
    const { enrolment, client } = await newCertificatePerson();
    await updateDevice(t.database.db, enrolment.device.id, { revokedAt: new Date() });
    const { attemptId } = await startLogon();
    const tls = await tlsGet(attemptId, client);
    assert.equal(tls.status, 401);
    assert.match(tls.body, /Certificate refused/);
  });

  /** A TLS handshake with the listener: what was agreed, or the error that ended it. */
  function handshake(options: ConnectionOptions) {
    return new Promise<{ protocol: string | null; cipher: string } | { error: string }>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port: listener.port, ca: ca.certPem, ...options }, () => {
        resolve({ protocol: socket.getProtocol(), cipher: socket.getCipher().name });
        socket.end();
      });
      socket.on('error', (error) => resolve({ error: error.message }));
    });
  }

  it('offers only forward-secret AEAD suites: TLS 1.3, and TLS 1.2 with ECDHE and GCM or ChaCha20', async () => {
    const tls13 = await handshake({});
    assert.ok('protocol' in tls13, JSON.stringify(tls13));
    assert.equal(tls13.protocol, 'TLSv1.3');
    for (const cipher of [
      'ECDHE-RSA-AES128-GCM-SHA256',
      'ECDHE-RSA-AES256-GCM-SHA384',
      'ECDHE-RSA-CHACHA20-POLY1305',
    ]) {
      const agreed = await handshake({ maxVersion: 'TLSv1.2', ciphers: cipher });
      assert.deepEqual(agreed, { protocol: 'TLSv1.2', cipher }, cipher);
    }
    // RSA key exchange (no forward secrecy) and CBC suites, which Node offers by default.
    for (const cipher of [
      'AES128-GCM-SHA256',
      'AES256-SHA256',
      'AES128-SHA',
      'ECDHE-RSA-AES128-SHA256',
      'ECDHE-RSA-AES256-SHA',
    ]) {
      const refused = await handshake({ maxVersion: 'TLSv1.2', ciphers: cipher });
      assert.ok('error' in refused, `${cipher} was accepted`);
      assert.match(refused.error, /handshake failure|no shared cipher/i, cipher);
    }
  });

  it('refuses an unknown log on attempt', async () => {
    const { client } = await newCertificatePerson();
    const tls = await tlsGet('00000000-0000-4000-8000-000000000000', client);
    assert.equal(tls.status, 400);
  });

  it('gives a first visitor a smartcard: number, one-time password and the .p12 once', async () => {
    const res = await postFirstVisit(t, { device: 'smartcard' });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /Your certificate is ready/);
    assert.match(res.body, /\d \d{7} \d{3} \d{2} \d{7}/);
    assert.match(res.body, /data-field="password">[A-Za-z0-9]{16}</);
    assert.match(res.body, /href="data:application\/x-pkcs12;base64,[A-Za-z0-9+/=]+"/);
  });

  it('lets a person who just logged on add a certificate under /devices/certificate', async () => {
    const person = await newOtpPerson(t);
    const { cookie } = await logOnWithToken(t, person);
    const form = await pageCsrf(t, '/devices/certificate', cookie);
    const res = await t.app.inject({
      method: 'POST',
      url: '/devices/certificate',
      headers: { cookie: form.cookie, 'accept-language': 'en' },
      payload: { _csrf: form.csrf, _once: form.once ?? '', label: 'signing_stick' },
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.match(res.body, /Your certificate is ready/);
    assert.match(res.body, /download="comptoir-\d{20}\.p12"/);
    const anonymous = await t.app.inject({ url: '/devices/certificate' });
    assert.equal(anonymous.statusCode, 303);
  });
});
