// @peculiar/x509 needs a Reflect polyfill loaded before it (reflect-metadata comes with
// @simplewebauthn/server; it should also be a direct dependency).
import 'reflect-metadata';
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { isIP } from 'node:net';
import path from 'node:path';
import * as x509 from '@peculiar/x509';
import forge from 'node-forge';

/**
 * The certificate authority of certificate log on: it signs the client certificates of
 * smartcards, signing sticks and eIDs, and the server certificate of the mutual TLS listener.
 * Kept as PEM files in CA_DIR (ca.crt, ca.key, server.crt, server.key).
 */

x509.cryptoProvider.set(webcrypto as unknown as Crypto);

// RSA: node-forge, which builds the PKCS#12 files, only knows RSA keys.
const ALGORITHM = {
  name: 'RSASSA-PKCS1-v1_5',
  hash: 'SHA-256',
  publicExponent: new Uint8Array([1, 0, 1]),
  modulusLength: 2048,
} as const;

const CA_NAME = 'CN=Comptoir demo certificate authority, O=Comptoir';
const CA_YEARS = 10;
const SERVER_YEARS = 2;
const CLIENT_YEARS = 2;

export type CertificateAuthority = {
  dir: string;
  cert: x509.X509Certificate;
  /** The CA certificate as PEM (trusted by the TLS listener for client certificates). */
  certPem: string;
  key: CryptoKey;
  /** The TLS listener's own certificate and key, signed by the CA. */
  server: { certPem: string; keyPem: string };
};

export type IssuedCertificate = { cert: x509.X509Certificate; certPem: string; keyPem: string };

const subtle = webcrypto.subtle as unknown as SubtleCrypto;

async function generateKeys(): Promise<CryptoKeyPair> {
  return (await subtle.generateKey(ALGORITHM, true, ['sign', 'verify'])) as CryptoKeyPair;
}

async function privateKeyPem(key: CryptoKey): Promise<string> {
  return x509.PemConverter.encode(await subtle.exportKey('pkcs8', key), 'PRIVATE KEY');
}

async function importPrivateKey(pem: string): Promise<CryptoKey> {
  const [der] = x509.PemConverter.decode(pem);
  if (!der) throw new Error('no private key in PEM');
  return subtle.importKey('pkcs8', der, ALGORITHM, true, ['sign']);
}

const randomSerial = () => {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01; // positive and of full length
  return bytes.toString('hex');
};

const yearsFrom = (from: Date, years: number) => {
  const to = new Date(from);
  to.setUTCFullYear(to.getUTCFullYear() + years);
  return to;
};

/** SHA-256 of a DER certificate, in lower-case hex: what devices.certificate_fingerprint stores. */
export function fingerprintOf(der: ArrayBuffer | Uint8Array): string {
  return createHash('sha256')
    .update(der instanceof Uint8Array ? der : new Uint8Array(der))
    .digest('hex');
}

/** The certificate number a client certificate carries in its subject's serialNumber (2.5.4.5). */
export function certificateNumberOf(cert: x509.X509Certificate | Uint8Array): string | undefined {
  const parsed = cert instanceof Uint8Array ? new x509.X509Certificate(new Uint8Array(cert)) : cert;
  return parsed.subjectName.getField('2.5.4.5')[0];
}

async function writeSecret(file: string, content: string, mode: number): Promise<void> {
  // Written aside then renamed, so that a reader never sees half a file.
  const temporary = `${file}.${randomBytes(4).toString('hex')}.tmp`;
  await writeFile(temporary, content, { mode });
  await rename(temporary, file);
}

const readIfExists = async (file: string) => {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
};

async function createServerCertificate(
  caCert: x509.X509Certificate,
  caKey: CryptoKey,
  hosts: string[],
): Promise<{ certPem: string; keyPem: string }> {
  const keys = await generateKeys();
  const now = new Date();
  const names = [...new Set(['localhost', '127.0.0.1', ...hosts])]
    .filter((h) => h && h !== '0.0.0.0' && h !== '::')
    .map((h) => ({ type: isIP(h) ? ('ip' as const) : ('dns' as const), value: h }));
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: 'CN=localhost, O=Comptoir',
    issuer: caCert.subject,
    notBefore: new Date(now.getTime() - 60_000),
    notAfter: yearsFrom(now, SERVER_YEARS),
    publicKey: keys.publicKey,
    signingKey: caKey,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(
        x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.keyEncipherment,
        true,
      ),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.serverAuth]),
      new x509.SubjectAlternativeNameExtension(names),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(caCert),
    ],
  });
  return { certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

/** Whether a CA already exists in `dir`. */
export async function caExists(dir: string): Promise<boolean> {
  return (await readIfExists(path.join(dir, 'ca.crt'))) !== undefined;
}

/**
 * Loads the CA of `dir`, creating it (and the listener's server certificate) on first use.
 * Idempotent: an existing CA is never replaced. `hosts` are added to a new server certificate.
 */
export async function loadOrCreateCa(
  dir: string,
  hosts: string[] = [],
): Promise<CertificateAuthority & { created: boolean }> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const files = {
    cert: path.join(dir, 'ca.crt'),
    key: path.join(dir, 'ca.key'),
    serverCert: path.join(dir, 'server.crt'),
    serverKey: path.join(dir, 'server.key'),
  };
  let certPem = await readIfExists(files.cert);
  let keyPem = await readIfExists(files.key);
  let created = false;
  let key: CryptoKey;
  let cert: x509.X509Certificate;
  if (certPem && keyPem) {
    cert = new x509.X509Certificate(certPem);
    key = await importPrivateKey(keyPem);
  } else {
    const keys = await generateKeys();
    const now = new Date();
    cert = await x509.X509CertificateGenerator.createSelfSigned({
      serialNumber: randomSerial(),
      name: CA_NAME,
      notBefore: new Date(now.getTime() - 60_000),
      notAfter: yearsFrom(now, CA_YEARS),
      keys,
      signingAlgorithm: ALGORITHM,
      extensions: [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign, true),
        await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      ],
    });
    key = keys.privateKey;
    certPem = cert.toString('pem');
    keyPem = await privateKeyPem(key);
    await writeSecret(files.key, keyPem, 0o600);
    await writeSecret(files.cert, certPem, 0o644);
    created = true;
  }
  let serverCertPem = await readIfExists(files.serverCert);
  let serverKeyPem = await readIfExists(files.serverKey);
  if (created || !serverCertPem || !serverKeyPem) {
    const server = await createServerCertificate(cert, key, hosts);
    serverCertPem = server.certPem;
    serverKeyPem = server.keyPem;
    await writeSecret(files.serverKey, serverKeyPem, 0o600);
    await writeSecret(files.serverCert, serverCertPem, 0o644);
  }
  return {
    dir,
    cert,
    certPem,
    key,
    server: { certPem: serverCertPem, keyPem: serverKeyPem },
    created,
  };
}

const cache = new Map<string, Promise<CertificateAuthority>>();

/** The CA of `dir`, loaded (or created) once per process; a failure is retried next time. */
export function certificateAuthority(dir: string, hosts: string[] = []): Promise<CertificateAuthority> {
  let pending = cache.get(dir);
  if (!pending) {
    pending = loadOrCreateCa(dir, hosts);
    cache.set(dir, pending);
    pending.catch(() => {
      if (cache.get(dir) === pending) cache.delete(dir);
    });
  }
  return pending;
}

/**
 * A client certificate for a person's device: the certificate number in the subject's
 * serialNumber attribute, clientAuth only, valid for two years.
 */
export async function issueClientCertificate(
  ca: Pick<CertificateAuthority, 'cert' | 'key'>,
  holder: { certificateNumber: string; surname: string; firstName: string },
  options: { notBefore?: Date; notAfter?: Date } = {},
): Promise<IssuedCertificate> {
  const keys = await generateKeys();
  const now = new Date();
  const cert = await x509.X509CertificateGenerator.create({
    serialNumber: randomSerial(),
    subject: [
      { '2.5.4.3': [`${holder.firstName} ${holder.surname}`] },
      { '2.5.4.4': [holder.surname] },
      { '2.5.4.42': [holder.firstName] },
      { '2.5.4.5': [holder.certificateNumber] },
    ],
    issuer: ca.cert.subject,
    notBefore: options.notBefore ?? new Date(now.getTime() - 60_000),
    notAfter: options.notAfter ?? yearsFrom(now, CLIENT_YEARS),
    publicKey: keys.publicKey,
    signingKey: ca.key,
    signingAlgorithm: ALGORITHM,
    extensions: [
      new x509.BasicConstraintsExtension(false, undefined, true),
      new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature, true),
      new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      await x509.SubjectKeyIdentifierExtension.create(keys.publicKey),
      await x509.AuthorityKeyIdentifierExtension.create(ca.cert),
    ],
  });
  return { cert, certPem: cert.toString('pem'), keyPem: await privateKeyPem(keys.privateKey) };
}

/** A PKCS#12 file (.p12) holding the certificate, its key and the CA, protected by `password`. */
export function toP12(
  certPem: string,
  keyPem: string,
  ca: Pick<CertificateAuthority, 'certPem'>,
  password: string,
  friendlyName = 'Comptoir',
): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(
    forge.pki.privateKeyFromPem(keyPem),
    [forge.pki.certificateFromPem(certPem), forge.pki.certificateFromPem(ca.certPem)],
    password,
    // 3DES and SHA-1 MAC: what every browser and operating system still imports.
    { algorithm: '3des', friendlyName },
  );
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}
