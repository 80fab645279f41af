import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { terminal } from '../../test/support/terminal.ts';
import { handOver, serveCommands, socketFile } from './command-channel.ts';

describe('the command channel of a data folder', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'comptoir-channel-'));
  });
  after(() => rm(dir, { recursive: true, force: true }));

  it('runs the command where the folder is served and relays output, files and exit code', async () => {
    const server = await serveCommands(dir, async (argv, io) => {
      const input = (await io.readFile(argv[1]!)).toString('utf8');
      io.out(`read ${input.length} characters\n`);
      const written = await io.writeFile(argv[2]!, Buffer.from(input.toUpperCase()), 0o600);
      io.err(`wrote ${written}\n`);
      return 3;
    });
    try {
      assert.equal((await stat(socketFile(dir))).mode & 0o777, 0o600);
      const caller = await mkdtemp(path.join(dir, 'caller-'));
      await writeFile(path.join(caller, 'in.txt'), 'héllo');
      const { io, printed } = terminal(caller);
      assert.equal(await handOver(dir, ['echo', 'in.txt', 'out.txt'], io), 3);
      assert.equal(printed.out, 'read 5 characters\n');
      assert.equal(printed.err, `wrote ${path.join(caller, 'out.txt')}\n`);
      assert.equal(await readFile(path.join(caller, 'out.txt'), 'utf8'), 'HÉLLO');
      assert.equal((await stat(path.join(caller, 'out.txt'))).mode & 0o777, 0o600);

      // A file the caller cannot read is the command's error to report.
      const missing = terminal(caller);
      assert.equal(await handOver(dir, ['echo', 'nope.txt', 'x'], missing.io), 1);
      assert.match(missing.printed.err, /ENOENT/);
    } finally {
      await server.close();
    }
  });

  it('nobody serving: the caller is told so (and may open the folder itself)', async () => {
    assert.equal(await handOver(dir, ['migrate'], terminal(dir).io), undefined);
  });

  it("replaces a dead process's socket file, and waits for the commands running when it closes", async () => {
    await writeFile(socketFile(dir), 'left by a killed portal');
    let finished = false;
    const server = await serveCommands(dir, async (_argv, io) => {
      await sleep(300);
      finished = true;
      io.out('done\n');
      return 0;
    });
    const { io, printed } = terminal(dir);
    const running = handOver(dir, ['slow'], io);
    await sleep(100);
    await server.close();
    assert.ok(finished, 'close() waited for the command');
    assert.equal(await running, 0);
    assert.equal(printed.out, 'done\n');
  });
});
