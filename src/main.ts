import { runCommand } from './cli/run.ts';
import { portalContext } from './cli/support.ts';
import { caExists } from './features/identity/ca.ts';
import { startCertificateListener } from './features/identity/tls-listener.ts';
import { type CommandServer, serveCommands } from './platform/command-channel.ts';
import { ConfigError, exposureProblems, loadConfig } from './platform/config.ts';
import { DataDirBusy } from './platform/data-lock.ts';
import { DemoDataInProduction, startComptoir } from './server.ts';

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
  const exposure = exposureProblems(config);
  if (exposure.length > 0) {
    for (const problem of exposure) process.stderr.write(`Configuration error: ${problem}\n`);
    process.exit(2);
  }

  const comptoir = await startComptoir(config);
  const { app, database } = comptoir;
  // The embedded database is this process's alone: the operator's commands come to it.
  let commands: CommandServer | undefined;
  if (database.engine === 'pglite') {
    commands = await serveCommands(config.dataDir, async (argv, io) => {
      const code = await runCommand(argv, portalContext(io, database, config));
      app.log.info({ command: argv.slice(0, 2).join(' '), exitCode: code }, 'comptoir command run');
      return code;
    }).catch((err) => {
      app.log.warn({ err }, `comptoir commands cannot reach this portal: no socket in ${config.dataDir}`);
      return undefined;
    });
  }
  await app.listen({ port: config.port, host: config.host });
  app.log.info(
    { mode: config.mode, database: database.engine, url: config.baseUrl },
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
        database,
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
    await commands?.close(); // the commands running finish before the database closes
    await certificates?.close();
    await comptoir.close();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((error) => {
  // Refusals are the operator's to act on: their message says what to do, a stack would hide it.
  const refusal = error instanceof DataDirBusy || error instanceof DemoDataInProduction;
  process.stderr.write(
    `Comptoir could not start: ${refusal ? error.message : error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
  );
  process.exit(1);
});
