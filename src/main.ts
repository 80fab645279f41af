import { caExists } from './features/identity/ca.ts';
import { startCertificateListener } from './features/identity/tls-listener.ts';
import { ConfigError, loadConfig } from './platform/config.ts';
import { startComptoir } from './server.ts';

/** Entry point: configuration → database → migrations → demo data → HTTP server. */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      for (const problem of error.problems) process.stderr.write(`Configuration error: ${problem}\n`);
      process.exit(2);
    }
    throw error;
  }

  const comptoir = await startComptoir(config);
  const { app } = comptoir;
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { mode: config.mode, database: comptoir.database.engine, url: config.baseUrl },
    `Comptoir is ready on ${config.baseUrl}`,
  );
  // Certificate log on (mutual TLS); the portal still runs without it if its port is taken.
  // Production never invents a CA: the operator provides theirs (or runs `comptoir ca init`).
  const withCertificates = config.mode === 'demo' || (await caExists(config.tls.caDir));
  if (!withCertificates)
    app.log.warn(`certificate log on is off: no certificate authority in ${config.tls.caDir}`);
  const certificates = !withCertificates
    ? undefined
    : await startCertificateListener({
        config,
        database: comptoir.database,
        onError: (err) => app.log.error({ err }, 'certificate log on failed'),
      }).catch((err) => {
        app.log.warn({ err }, 'certificate log on is unavailable: its TLS listener did not start');
        return undefined;
      });
  if (certificates) app.log.info(`Certificate log on listens on ${certificates.url}`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
    await certificates?.close();
    await comptoir.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  process.stderr.write(
    `Comptoir could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
