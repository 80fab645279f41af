import type { Server } from 'node:http';
// @ts-expect-error oidc-provider ships no type declarations, and @types/oidc-provider is not installed
import ProviderModule from 'oidc-provider';

/**
 * A real OpenID Connect provider (oidc-provider, with its development log in and consent
 * pages) for the tests: one confidential client whose redirect URI is Comptoir's callback.
 */

type ProviderInstance = { listen(port: number, host: string, ready: () => void): Server };
const Provider = ProviderModule as new (issuer: string, configuration: object) => ProviderInstance;

export const TEST_CLIENT = { id: 'comptoir', secret: 'a-test-client-secret-that-is-long-enough' };

export type TestAccount = { given_name?: string; family_name?: string; email?: string; locale?: string };

export const testAccounts: Record<string, TestAccount> = {
  'subject-1': { given_name: 'Oriane', family_name: 'Delvaux', email: 'oriane@example.test', locale: 'en' },
  'subject-2': { email: 'jean.nom@example.test' },
  'subject-3': { given_name: 'Romain', family_name: 'Lentz', email: 'romain@example.test', locale: 'en' },
};

export type TestProvider = { issuer: string; close(): Promise<void> };

/** Starts the provider on 127.0.0.1:`port` for a Comptoir served at `appBase`. */
export async function startOidcProvider(options: {
  port: number;
  appBase: string;
  accounts?: Record<string, TestAccount>;
}): Promise<TestProvider> {
  const accounts = options.accounts ?? testAccounts;
  const issuer = `http://127.0.0.1:${options.port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: TEST_CLIENT.id,
        client_secret: TEST_CLIENT.secret,
        redirect_uris: [`${options.appBase}/logon/oidc/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    cookies: { keys: ['oidc-test-cookie-key'] },
    claims: { openid: ['sub'], profile: ['given_name', 'family_name', 'locale'], email: ['email'] },
    features: { devInteractions: { enabled: true } },
    async findAccount(_ctx: unknown, sub: string) {
      const account = accounts[sub];
      if (!account) return undefined;
      return { accountId: sub, claims: async () => ({ sub, ...account }) };
    },
  });
  const server = await new Promise<Server>((resolve) => {
    const s = provider.listen(options.port, '127.0.0.1', () => resolve(s));
  });
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
