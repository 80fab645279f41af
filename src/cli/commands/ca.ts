import { loadOrCreateCa } from '../../features/identity/ca.ts';
import type { Command } from '../support.ts';

export const caCommand: Command = {
  summary: 'ca init: create the certificate authority of certificate log on in CA_DIR (once).',
  database: false,
  async run(args, ctx) {
    if (args[0] !== 'init') {
      ctx.err('Usage: comptoir ca init\n');
      return 2;
    }
    const config = ctx.config();
    const ca = await loadOrCreateCa(config.tls.caDir, [config.tls.host]);
    ctx.out(
      `${ca.created ? 'Certificate authority created' : 'Certificate authority already exists'} in ${ca.dir}\n` +
        `  ca.crt      the CA certificate (trust it for the TLS listener)\n` +
        `  ca.key      its private key (keep it secret)\n` +
        `  server.crt  the TLS listener's certificate (localhost, 127.0.0.1)\n`,
    );
    return 0;
  },
};
