import type { Config } from '../config.ts';

/**
 * The portal is served over HTTPS when BASE_URL says so, whatever protocol the request arrived
 * with: behind a proxy that ends TLS (TRUST_PROXY off), requests reach us over plain http.
 */
export const servedOverHttps = (config: Pick<Config, 'baseUrl'>): boolean =>
  new URL(config.baseUrl).protocol === 'https:';

/**
 * The attributes of every cookie the portal sets: the whole site, out of scripts' reach, not
 * sent by other sites' forms, and `Secure` when BASE_URL is https. Clearing a cookie takes the
 * same attributes (a browser keeps a `__Host-` cookie that a clearing without `Secure` names).
 */
export const cookieOptions = (config: Pick<Config, 'baseUrl'>) =>
  ({ path: '/', httpOnly: true, sameSite: 'lax', secure: servedOverHttps(config) }) as const;
