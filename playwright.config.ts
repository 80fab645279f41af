import { defineConfig } from '@playwright/test';

// Started by test/run.ts once per database; E2E_DATABASE_URL is set for the PostgreSQL pass.
// The portal, its certificate log on listener (mutual TLS) and a test OpenID provider.
const port = Number(process.env.E2E_PORT ?? 3199);
const tlsPort = port + 1;
const oidcPort = port + 2;
const baseURL = `http://localhost:${port}`;

export default defineConfig({
  testDir: 'test/e2e',
  outputDir: process.env.E2E_OUTPUT ?? 'test-results',
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: true,
  timeout: 30_000,
  use: {
    baseURL,
    locale: 'fr-LU',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      // Root in a container needs --no-sandbox; the rest keeps Chromium off the (closed) network.
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    },
  },
  webServer: [
    {
      command: 'node --import ./src/loader.mjs test/support/oidc-provider-main.ts',
      url: `http://127.0.0.1:${oidcPort}/.well-known/openid-configuration`,
      reuseExistingServer: false,
      timeout: 30_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: { OIDC_PROVIDER_PORT: String(oidcPort), APP_BASE: baseURL },
    },
    {
      command: 'node --import ./src/loader.mjs src/main.ts',
      url: `${baseURL}/healthz`,
      reuseExistingServer: false,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
      env: {
        PORT: String(port),
        TLS_PORT: String(tlsPort),
        MODE: 'demo',
        LOG_LEVEL: 'warn',
        RATE_LIMIT_MAX: '100000',
        DATA_DIR: process.env.E2E_DATA_DIR ?? 'data/e2e',
        OIDC_ISSUER: `http://127.0.0.1:${oidcPort}`,
        OIDC_CLIENT_ID: 'comptoir',
        OIDC_CLIENT_SECRET: 'a-test-client-secret-that-is-long-enough',
        OIDC_LABEL: 'Test identity provider',
        ...(process.env.E2E_DATABASE_URL ? { DATABASE_URL: process.env.E2E_DATABASE_URL } : {}),
      },
    },
  ],
});
