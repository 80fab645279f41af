import type { LightMyRequestResponse } from 'fastify';
import { newOneTimeToken, ONE_TIME_FIELD } from '../../src/platform/http/idempotency.ts';
import type { TestApp } from './app.ts';
import { logOnWithToken, newOtpPerson, type OtpPerson } from './identity.ts';

/**
 * A browser for `app.inject`: keeps its cookies, sends its language, and fills the CSRF field
 * of every form it posts (with the token of the last page it saw that had one) and its one-time
 * token (a new one at each post, as a form shown anew has, unless the fields give one).
 */
export class Agent {
  private readonly jar = new Map<string, string>();
  private csrf: string | undefined;

  constructor(
    readonly t: TestApp,
    readonly lang = 'en',
  ) {}

  cookie(): string {
    return [...this.jar].map(([name, value]) => `${name}=${value}`).join('; ');
  }

  setCookie(header: string): void {
    for (const pair of header.split(';')) {
      const [name, ...value] = pair.trim().split('=');
      if (name) this.jar.set(name, value.join('='));
    }
  }

  private keep(response: LightMyRequestResponse): LightMyRequestResponse {
    for (const c of response.cookies) {
      const expired = c.value === '' || (c.expires instanceof Date && c.expires.getTime() < Date.now());
      if (expired) this.jar.delete(c.name);
      else this.jar.set(c.name, c.value);
    }
    const token = response.body.match(/name="_csrf" value="([^"]+)"/)?.[1];
    if (token) this.csrf = token;
    return response;
  }

  async get(url: string): Promise<LightMyRequestResponse> {
    return this.keep(
      await this.t.app.inject({ url, headers: { cookie: this.cookie(), 'accept-language': this.lang } }),
    );
  }

  /** Posts a form; a field given a list is sent once per value, as repeated inputs are. */
  async post(url: string, fields: Record<string, string | string[]> = {}): Promise<LightMyRequestResponse> {
    if (!this.csrf) await this.get('/spaces');
    return this.keep(
      await this.t.app.inject({
        method: 'POST',
        url,
        headers: { cookie: this.cookie(), 'accept-language': this.lang },
        payload: { _csrf: this.csrf ?? '', [ONE_TIME_FIELD]: newOneTimeToken(), ...fields },
      }),
    );
  }
}

/** A new person with a token, logged on in a new browser. */
export async function personLoggedOn(
  t: TestApp,
  names: Parameters<typeof newOtpPerson>[1] = {},
): Promise<{ person: OtpPerson; agent: Agent }> {
  const person = await newOtpPerson(t, names);
  return { person, agent: await logOn(t, person) };
}

/** Logs `person` on with their token in a new browser. */
export async function logOn(t: TestApp, person: OtpPerson, offsetMs = 0): Promise<Agent> {
  const agent = new Agent(t);
  const { cookie } = await logOnWithToken(t, person, '', offsetMs);
  if (!cookie) throw new Error('log on failed');
  agent.setCookie(cookie);
  return agent;
}
