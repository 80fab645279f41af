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

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    app.log.info({ signal }, 'stopping');
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
