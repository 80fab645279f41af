import { chmod, readFile, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import path from 'node:path';

/**
 * The channel through which an operator's command reaches the portal that holds the embedded
 * database: a Unix socket in the data folder (`comptoir.sock`, mode 600, so only the portal's
 * user and root may connect). The portal runs the command in its own process, on its own
 * database, and the command's output, its files and its exit code travel back to the terminal.
 *
 * The protocol is one JSON object per line. The caller sends `{run: argv}`; the portal answers
 * `{out}` / `{err}` (text to print), `{read: id, path}` and `{write: id, path, data, mode}` (the
 * caller reads or writes the file, relative to its own working folder, and answers `{id, data}`,
 * `{id, written: absolute path}` or `{id, error}`), and finally `{exit: code}`. Files are handled
 * by the caller so that paths mean what they mean on its command line and files belong to its user.
 */

export const socketFile = (dataDir: string) => path.join(dataDir, 'comptoir.sock');

/** Where a command prints and which files it reads and writes. */
export type CommandIo = {
  out(text: string): void;
  err(text: string): void;
  /** Reads a file named on the command line (relative to the caller's working folder). */
  readFile(file: string): Promise<Buffer>;
  /** Writes a file named on the command line; resolves to its absolute path. */
  writeFile(file: string, data: Uint8Array, mode: number): Promise<string>;
};

/** The terminal's own streams and files: a command run where it was typed. */
export const localIo: CommandIo = {
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  readFile: (file) => readFile(path.resolve(file)),
  async writeFile(file, data, mode) {
    const absolute = path.resolve(file);
    await writeFile(absolute, data, { mode });
    return absolute;
  },
};

type Message = Record<string, unknown>;

/** Splits a stream of JSON lines into messages (a line may arrive in pieces, or several at once). */
function onMessages(socket: net.Socket, handle: (message: Message) => void): void {
  let buffered = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    buffered += chunk;
    for (let end = buffered.indexOf('\n'); end >= 0; end = buffered.indexOf('\n')) {
      const line = buffered.slice(0, end);
      buffered = buffered.slice(end + 1);
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        socket.destroy();
        return;
      }
      if (message && typeof message === 'object') handle(message as Message);
    }
  });
}

const send = (socket: net.Socket, message: Message) => {
  if (!socket.destroyed) socket.write(`${JSON.stringify(message)}\n`);
};

export type CommandServer = { close(): Promise<void> };

/**
 * Serves commands on the data folder's socket; `run` carries one out and resolves to its exit
 * code. The caller must hold the folder's lock: a socket file left there is then a dead
 * process's and is replaced. close() stops accepting and waits for the commands running.
 */
export async function serveCommands(
  dataDir: string,
  run: (argv: string[], io: CommandIo) => Promise<number>,
): Promise<CommandServer> {
  const file = socketFile(dataDir);
  const running = new Set<Promise<unknown>>();
  let open = false;
  const server = net.createServer((socket) => {
    // A connection made in the instant before the mode was set is not served.
    if (!open) return void socket.destroy();
    socket.on('error', () => {});
    const pending = new Map<number, { resolve(message: Message): void; reject(error: Error): void }>();
    let nextId = 1;
    const ask = (message: Message) =>
      new Promise<Message>((resolve, reject) => {
        if (socket.destroyed) return reject(new Error('the command was interrupted'));
        const id = nextId++;
        pending.set(id, { resolve, reject });
        send(socket, { ...message, id });
      });
    socket.on('close', () => {
      for (const { reject } of pending.values()) reject(new Error('the command was interrupted'));
      pending.clear();
    });
    const io: CommandIo = {
      out: (text) => send(socket, { out: text }),
      err: (text) => send(socket, { err: text }),
      async readFile(path) {
        const answer = await ask({ read: path });
        if (typeof answer.data !== 'string') throw new Error(String(answer.error));
        return Buffer.from(answer.data, 'base64');
      },
      async writeFile(path, data, mode) {
        const answer = await ask({ write: path, data: Buffer.from(data).toString('base64'), mode });
        if (typeof answer.written !== 'string') throw new Error(String(answer.error));
        return answer.written;
      },
    };
    let started = false;
    onMessages(socket, (message) => {
      if (typeof message.id === 'number') {
        pending.get(message.id)?.resolve(message);
        pending.delete(message.id);
        return;
      }
      const argv = message.run;
      if (started || !Array.isArray(argv) || !argv.every((a) => typeof a === 'string')) {
        socket.destroy();
        return;
      }
      started = true;
      const done = run(argv, io)
        .catch((error) => {
          io.err(`${error instanceof Error ? error.message : String(error)}\n`);
          return 1;
        })
        .then((code) => {
          send(socket, { exit: code });
          socket.end();
        });
      running.add(done);
      void done.finally(() => running.delete(done));
    });
  });
  await rm(file, { force: true });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(file, () => {
      server.off('error', reject);
      resolve();
    });
  });
  await chmod(file, 0o600);
  open = true;
  // A failed accept (too many open files) must not end the portal; the caller tries again.
  server.on('error', () => {});
  return {
    async close() {
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await Promise.allSettled([...running]);
    },
  };
}

/**
 * Hands a command over to the process serving the data folder's socket and relays its output
 * and files. Resolves to the command's exit code, or undefined when nobody answers there.
 */
export function handOver(dataDir: string, argv: string[], io: CommandIo): Promise<number | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(socketFile(dataDir));
    let connected = false;
    let exit: number | undefined;
    socket.on('connect', () => {
      connected = true;
      send(socket, { run: argv });
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      if (!connected) return resolve(undefined);
      if (exit === undefined)
        io.err(
          'The portal closed the connection before the command ended: check whether it was carried out.\n',
        );
      resolve(exit ?? 1);
    });
    const answer = async (id: number, work: () => Promise<Message>) => {
      try {
        send(socket, { id, ...(await work()) });
      } catch (error) {
        send(socket, { id, error: error instanceof Error ? error.message : String(error) });
      }
    };
    onMessages(socket, (message) => {
      if (typeof message.out === 'string') io.out(message.out);
      else if (typeof message.err === 'string') io.err(message.err);
      else if (typeof message.exit === 'number') exit = message.exit;
      else if (typeof message.id === 'number' && typeof message.read === 'string') {
        const file = message.read;
        void answer(message.id, async () => ({ data: (await io.readFile(file)).toString('base64') }));
      } else if (typeof message.id === 'number' && typeof message.write === 'string') {
        const { write: file, data, mode } = message;
        void answer(message.id, async () => ({
          written: await io.writeFile(
            file,
            Buffer.from(String(data), 'base64'),
            typeof mode === 'number' ? mode : 0o600,
          ),
        }));
      }
    });
  });
}
