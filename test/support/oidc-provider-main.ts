import { startOidcProvider } from './oidc-provider.ts';

// The provider of the end-to-end tests, started by Playwright next to Comptoir.
const port = Number(process.env.OIDC_PROVIDER_PORT);
const appBase = process.env.APP_BASE;
if (!port || !appBase) throw new Error('OIDC_PROVIDER_PORT and APP_BASE are required');
const provider = await startOidcProvider({ port, appBase });
process.stdout.write(`test OpenID provider on ${provider.issuer}\n`);
const stop = () => provider.close().then(() => process.exit(0));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
