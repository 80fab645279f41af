import { isIP } from 'node:net';
import path from 'node:path';
import { z } from 'zod';

/**
 * The process configuration, read once from the environment and validated: a bad value stops
 * the start with one line per problem (see docs/configuration.md for the table).
 */
const levels = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const wholeNumber = (min: number, max: number) =>
  z
    .string()
    .trim()
    .regex(/^\d+$/, { message: `must be a whole number between ${min} and ${max}` })
    .transform(Number)
    .pipe(z.number().int().min(min, `must be at least ${min}`).max(max, `must be at most ${max}`));

const intFrom = (min: number, max: number, fallback: number) =>
  wholeNumber(min, max)
    .optional()
    .transform((v) => v ?? fallback);

const urlWith = (schemes: string[]) =>
  z
    .string()
    .trim()
    .refine(
      (value) => {
        try {
          return schemes.includes(new URL(value).protocol);
        } catch {
          return false;
        }
      },
      { message: `must be a URL starting with ${schemes.map((s) => `${s}//`).join(' or ')}` },
    );

// The names @fastify/proxy-addr knows for private ranges, besides addresses and CIDR blocks.
const proxyRangeNames = ['loopback', 'linklocal', 'uniquelocal'];
const isProxyAddress = (entry: string): boolean => {
  if (proxyRangeNames.includes(entry)) return true;
  const [address = '', prefix, ...rest] = entry.split('/');
  const family = isIP(address);
  if (!family || rest.length > 0) return false;
  return prefix === undefined || (/^\d{1,3}$/.test(prefix) && Number(prefix) <= (family === 4 ? 32 : 128));
};

/**
 * Whom to believe about the client's address. Never `true`: trusting every hop takes the
 * left-most X-Forwarded-For, which the client writes itself (and so picks the address that the
 * log on throttles and the rate limit count).
 */
const trustProxy = z
  .string()
  .trim()
  .optional()
  .transform((value, ctx): false | number | string[] => {
    if (value === undefined || ['false', '0', 'no'].includes(value)) return false;
    if (/^\d+$/.test(value) && Number(value) <= 10) return Number(value);
    const entries = value.split(',').map((entry) => entry.trim());
    if (entries.every(isProxyAddress)) return entries;
    ctx.addIssue({
      code: 'custom',
      message:
        'must be false, the number of proxies in front of the portal (1 to 10), or their addresses ' +
        '(10.0.0.2, 10.0.0.0/8, loopback, uniquelocal…); true is refused: it would believe the ' +
        'X-Forwarded-For that any client writes',
    });
    return z.NEVER;
  });

const booleanish = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .optional()
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const envSchema = z.object({
  PORT: intFrom(0, 65535, 3000),
  HOST: z.string().trim().min(1).optional().default('localhost'),
  BASE_URL: urlWith(['http:', 'https:']).optional(),
  DATA_DIR: z.string().trim().min(1).optional().default('./data'),
  DATABASE_URL: urlWith(['postgres:', 'postgresql:']).optional(),
  DATABASE_POOL_MAX: intFrom(1, 500, 10),
  SMTP_URL: urlWith(['smtp:', 'smtps:']).optional(),
  MAIL_FROM: z.string().trim().min(3).optional(),
  MODE: z.enum(['demo', 'production'], { message: 'must be demo or production' }).optional(),
  DEMO_PUBLIC: booleanish,
  LOG_LEVEL: z
    .enum(levels, { message: `must be one of ${levels.join(', ')}` })
    .optional()
    .default('info'),
  RATE_LIMIT_MAX: intFrom(1, 1_000_000_000, 300),
  TRUST_PROXY: trustProxy,
  METRICS_TOKEN: z.string().trim().min(32, 'must be at least 32 characters (a random secret)').optional(),
  METRICS_PORT: wholeNumber(0, 65535).optional(),
  METRICS_HOST: z.string().trim().min(1).optional().default('127.0.0.1'),
  SESSION_IDLE_MINUTES: intFrom(1, 24 * 60, 30),
  SESSION_MAX_HOURS: intFrom(1, 24 * 30, 12),
  TLS_PORT: intFrom(0, 65535, 3443),
  TLS_HOST: z.string().trim().min(1).optional(),
  CA_DIR: z.string().trim().min(1).optional(),
  WEBAUTHN_RP_ID: z.string().trim().min(1).optional(),
  OIDC_ISSUER: urlWith(['http:', 'https:']).optional(),
  OIDC_CLIENT_ID: z.string().trim().min(1).optional(),
  OIDC_CLIENT_SECRET: z.string().trim().min(1).optional(),
  OIDC_LABEL: z.string().trim().min(1).optional().default('National identity'),
  MAIL_POLL_MS: intFrom(50, 600_000, 2000),
  MAIL_MAX_ATTEMPTS: intFrom(1, 100, 12),
  MAIL_RETRY_BASE_MS: intFrom(10, 3_600_000, 10_000),
  MAIL_SENDS_PER_DAY: intFrom(1, 100_000, 50),
  MAX_BUSINESS_SPACES: intFrom(1, 10_000, 10),
  INVITATION_DAYS: intFrom(1, 365, 14),
  EMAIL_CHANGE_HOURS: intFrom(1, 24 * 30, 48),
  CODE_FAILURES_PER_HOUR: intFrom(1, 1000, 10),
  CODE_LOCK_MINUTES: intFrom(1, 24 * 60, 60),
});

export type Config = {
  port: number;
  host: string;
  baseUrl: string;
  dataDir: string;
  databaseUrl: string | undefined;
  databasePoolMax: number;
  mode: 'demo' | 'production';
  /** Demo mode may be reached beyond this machine (its identities and mails are public). */
  demoPublic: boolean;
  logLevel: (typeof levels)[number];
  rateLimitMax: number;
  /**
   * The proxies whose X-Forwarded-For is believed: none (false), the nearest N hops, or those
   * addresses and ranges.
   */
  trustProxy: false | number | string[];
  /**
   * Prometheus metrics: on the portal's port only with the bearer token; on a port of their own
   * (`port`, on `host`) when one is given, where the token is asked too when set.
   */
  metrics: { token: string | undefined; port: number | undefined; host: string };
  session: { idleMinutes: number; maxHours: number };
  /** The HTTPS listener that asks for client certificates (certificate log on). */
  tls: { port: number; host: string; caDir: string };
  webauthn: { rpId: string; origin: string };
  oidc: { issuer: string; clientId: string; clientSecret: string | undefined; label: string } | undefined;
  /**
   * E-mail: the SMTP server (unset: mails are kept and shown in the development mailbox), the
   * sender, the outbox worker's polling period, tries and first retry delay, and how many mails
   * to typed addresses (invitations, e-mail changes) a person, and an eSpace, may send a day.
   */
  mail: {
    smtpUrl: string | undefined;
    from: string;
    pollMs: number;
    maxAttempts: number;
    retryBaseMs: number;
    sendsPerDay: number;
  };
  /** Business eSpaces a person may create; invitation and e-mail change link lifetimes. */
  spaces: { maxBusiness: number; invitationDays: number; emailChangeHours: number };
  /** Wrong access codes an eSpace, and a person, may send in an hour before a lock of `lockMinutes`. */
  codes: { failuresPerHour: number; lockMinutes: number };
};

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(problems.join('\n'));
    this.name = 'ConfigError';
  }
}

/** Reads and validates the configuration; throws a ConfigError listing every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  // Empty strings count as unset, as they do in most .env tooling.
  const raw = Object.fromEntries(
    Object.keys(envSchema.shape).map((key) => [key, env[key] === '' ? undefined : env[key]]),
  );
  const parsed = envSchema.safeParse(raw);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      // URLs may hold passwords, tokens are secrets: neither is echoed.
      const value = /_(URL|TOKEN)$/.test(key) ? '' : ` (got "${raw[key]}")`;
      return `${key} ${issue.message}${value}`;
    });
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  if (e.OIDC_ISSUER && !e.OIDC_CLIENT_ID)
    throw new ConfigError(['OIDC_CLIENT_ID must be set with OIDC_ISSUER']);
  const mode = e.MODE ?? (e.DATABASE_URL ? 'production' : 'demo');
  const baseUrl = (e.BASE_URL ?? `http://localhost:${e.PORT}`).replace(/\/+$/, '');
  const dataDir = path.resolve(e.DATA_DIR);
  return {
    port: e.PORT,
    host: e.HOST,
    baseUrl,
    dataDir,
    databaseUrl: e.DATABASE_URL,
    databasePoolMax: e.DATABASE_POOL_MAX,
    mode,
    demoPublic: e.DEMO_PUBLIC,
    logLevel: e.LOG_LEVEL,
    rateLimitMax: e.RATE_LIMIT_MAX,
    trustProxy: e.TRUST_PROXY,
    metrics: { token: e.METRICS_TOKEN, port: e.METRICS_PORT, host: e.METRICS_HOST },
    session: { idleMinutes: e.SESSION_IDLE_MINUTES, maxHours: e.SESSION_MAX_HOURS },
    tls: {
      port: e.TLS_PORT,
      host: e.TLS_HOST ?? e.HOST,
      caDir: path.resolve(e.CA_DIR ?? path.join(dataDir, 'ca')),
    },
    webauthn: { rpId: e.WEBAUTHN_RP_ID ?? new URL(baseUrl).hostname, origin: new URL(baseUrl).origin },
    oidc:
      e.OIDC_ISSUER && e.OIDC_CLIENT_ID
        ? {
            issuer: e.OIDC_ISSUER,
            clientId: e.OIDC_CLIENT_ID,
            clientSecret: e.OIDC_CLIENT_SECRET,
            label: e.OIDC_LABEL,
          }
        : undefined,
    mail: {
      smtpUrl: e.SMTP_URL,
      from: e.MAIL_FROM ?? `Comptoir <no-reply@${new URL(baseUrl).hostname}>`,
      pollMs: e.MAIL_POLL_MS,
      maxAttempts: e.MAIL_MAX_ATTEMPTS,
      retryBaseMs: e.MAIL_RETRY_BASE_MS,
      sendsPerDay: e.MAIL_SENDS_PER_DAY,
    },
    spaces: {
      maxBusiness: e.MAX_BUSINESS_SPACES,
      invitationDays: e.INVITATION_DAYS,
      emailChangeHours: e.EMAIL_CHANGE_HOURS,
    },
    codes: { failuresPerHour: e.CODE_FAILURES_PER_HOUR, lockMinutes: e.CODE_LOCK_MINUTES },
  };
}

/** Whether a host name or address only ever reaches this machine. */
function isLoopback(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  if (bare === 'localhost' || bare.endsWith('.localhost')) return true;
  if (isIP(bare) === 4) return bare.startsWith('127.');
  return bare === '::1' || bare === '::ffff:127.0.0.1';
}

/**
 * The reasons not to listen, if any: demo mode publishes its identities with their passwords,
 * lets anyone make an identity and shows every mail with its links, so it stays on this machine
 * unless DEMO_PUBLIC=true says that is wanted. Checked by the portal only: the CLI listens nowhere.
 */
export function exposureProblems(config: Config): string[] {
  if (config.mode !== 'demo' || config.demoPublic) return [];
  const reached = [
    ['HOST', config.host],
    ['TLS_HOST', config.tls.host === config.host ? 'localhost' : config.tls.host],
    ['BASE_URL', new URL(config.baseUrl).hostname],
  ].filter(([, host]) => !isLoopback(host!));
  return reached.map(
    ([name, host]) =>
      `${name} is ${host}, beyond this machine, in demo mode: the demo publishes its identities, their ` +
      'passwords and every mail. Set MODE=production, or DEMO_PUBLIC=true to show the demo to others',
  );
}
