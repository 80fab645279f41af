import { loadOrCreateCa } from '../../features/identity/ca.ts';
import { loadConfig } from '../../platform/config.ts';
import type { Command } from '../main.ts';

export const caCommand: Command = {
  summary: 'ca init: create the certificate authority of certificate log on in CA_DIR (once).',
  async run(args) {
    if (args[0] !== 'init') {
      process.stderr.write('Usage: comptoir ca init\n');
      return 2;
    }
    const config = loadConfig();
    const ca = await loadOrCreateCa(config.tls.caDir, [config.tls.host]);
    process.stdout.write(
      `${ca.created ? 'Certificate authority created' : 'Certificate authority already exists'} in ${ca.dir}\n` +
        `  ca.crt      the CA certificate (trust it for the TLS listener)\n` +
        `  ca.key      its private key (keep it secret)\n` +
        `  server.crt  the TLS listener's certificate (localhost, 127.0.0.1)\n`,
    );
    return 0;
  },
};
