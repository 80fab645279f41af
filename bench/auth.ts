/**
 * `npm run bench:auth`: how many log on verifications one core does per second.
 * Measured in this process, on one thread, so the figure is per core:
 *   - TOTP: checking a 6-digit code with ±1 step (what every Token log on does);
 *   - argon2id: the password check of a Token log on (OWASP's minimum parameters);
 *   - WebAuthn: verifying a passkey assertion (ES256), as the passkey log on does.
 * Goal from the issue: ≥ 300 verifications per second per core.
 */
import { createHash, createSign, generateKeyPairSync, randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { verifyAuthenticationResponse } from '@simplewebauthn/server';
import argon2 from 'argon2';
import { Secret, TOTP } from 'otpauth';

const { values } = parseArgs({
  options: { seconds: { type: 'string', default: '3' }, json: { type: 'boolean' } },
});
const seconds = Number(values.seconds);

async function measure(name: string, op: () => unknown | Promise<unknown>) {
  const end = performance.now() + seconds * 1000;
  let n = 0;
  for (let i = 0; i < 20; i++) await op(); // warm-up
  const start = performance.now();
  while (performance.now() < end) {
    await op();
    n++;
  }
  const perSecond = n / ((performance.now() - start) / 1000);
  return { name, perSecond: Math.round(perSecond) };
}

// TOTP
const secret = new Secret({ size: 20 });
const totp = new TOTP({ secret, digits: 6, period: 30, algorithm: 'SHA1' });
const code = totp.generate();

// argon2id with the parameters of src/features/identity/service/otp.ts
const hash = await argon2.hash('correct horse battery staple', {
  type: argon2.argon2id,
  memoryCost: 19_456,
  timeCost: 2,
  parallelism: 1,
});

// A WebAuthn assertion signed by an ES256 key, as an authenticator would make it.
const rpId = 'localhost';
const origin = 'http://localhost:3000';
const { publicKey, privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const jwk = publicKey.export({ format: 'jwk' });
const b64 = (s: string) => Buffer.from(s, 'base64url');
// COSE key: {1: 2 (EC2), 3: -7 (ES256), -1: 1 (P-256), -2: x, -3: y}, CBOR-encoded by hand.
const cose = Buffer.concat([
  Buffer.from([0xa5, 0x01, 0x02, 0x03, 0x26, 0x20, 0x01, 0x21, 0x58, 0x20]),
  b64(jwk.x!),
  Buffer.from([0x22, 0x58, 0x20]),
  b64(jwk.y!),
]);
const credentialId = randomBytes(16).toString('base64url');
const challenge = randomBytes(32).toString('base64url');
const clientDataJSON = Buffer.from(
  JSON.stringify({ type: 'webauthn.get', challenge, origin, crossOrigin: false }),
);
const authenticatorData = Buffer.concat([
  createHash('sha256').update(rpId).digest(),
  Buffer.from([0x05]), // user present + user verified
  Buffer.from([0, 0, 0, 7]),
]);
const signature = createSign('sha256')
  .update(Buffer.concat([authenticatorData, createHash('sha256').update(clientDataJSON).digest()]))
  .sign(privateKey);
const assertion = {
  id: credentialId,
  rawId: credentialId,
  type: 'public-key' as const,
  clientExtensionResults: {},
  response: {
    clientDataJSON: clientDataJSON.toString('base64url'),
    authenticatorData: authenticatorData.toString('base64url'),
    signature: signature.toString('base64url'),
  },
};

const results = [
  await measure('TOTP code check', () => {
    if (totp.validate({ token: code, window: 1 }) === null) throw new Error('TOTP check failed');
  }),
  await measure('WebAuthn assertion (ES256)', async () => {
    const result = await verifyAuthenticationResponse({
      response: assertion,
      expectedChallenge: challenge,
      expectedOrigin: origin,
      expectedRPID: rpId,
      credential: { id: credentialId, publicKey: new Uint8Array(cose), counter: 6 },
      requireUserVerification: false,
    });
    if (!result.verified) throw new Error('assertion not verified');
  }),
  await measure('argon2id password check (19 MiB, t=2)', async () => {
    if (!(await argon2.verify(hash, 'correct horse battery staple'))) throw new Error('argon2 failed');
  }),
];

if (values.json) {
  process.stdout.write(`${JSON.stringify(results)}\n`);
} else {
  process.stdout.write(`Verifications per second on one core (${seconds} s each), goal ≥ 300/s:\n`);
  for (const r of results)
    process.stdout.write(`  ${r.name.padEnd(40)} ${String(r.perSecond).padStart(8)} /s\n`);
}
