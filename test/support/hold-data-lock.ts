// Takes the lock of the data folder named as argument and says "locked", or "busy <pid>" when
// another process holds it; a holder keeps the lock until its standard input closes.
import { DataDirBusy, lockDataDir } from '../../src/platform/data-lock.ts';

try {
  await lockDataDir(process.argv[2]!);
  process.stdout.write('locked\n');
  process.stdin.resume();
  process.stdin.on('end', () => process.exit(0));
} catch (error) {
  if (!(error instanceof DataDirBusy)) throw error;
  process.stdout.write(`busy ${error.pid ?? ''}\n`);
  process.exit(0);
}
