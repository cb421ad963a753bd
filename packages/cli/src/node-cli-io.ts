import type { CliIo } from './cli-io.js';
import { MAX_INPUT_FILE_BYTES } from './read-input-file.js';

// Set when standard output failed otherwise than by its reader going away: see outputFailed.
let failedWrite = false;

/**
 * The CLI's view of this Node process: its streams, `process.env`, its working directory. A reader
 * of standard output that goes away (`dual-auth decode - | head -1`) ends the output quietly, as
 * Unix tools do, instead of an unhandled EPIPE; any other failed write (a full disk) is one line
 * on standard error, and the bin exits 1 (`outputFailed`).
 */
export function nodeCliIo(): CliIo {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' || failedWrite) return;
    failedWrite = true;
    process.stderr.write(
      `dual-auth could not write its output (${error.code ?? error.name}): check the disk or file standard output goes to\n`,
    );
  });
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    // The command reads the environment as getConfig does; this is where it is handed over.
    env: process.env,
    cwd: process.cwd(),
    readStdin: async () => {
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of process.stdin) {
        size += (chunk as Buffer).length;
        // `decode - < /dev/zero` would otherwise read until memory runs out.
        if (size > MAX_INPUT_FILE_BYTES) {
          process.stdin.destroy();
          throw new TypeError('standard input is larger than 1 MiB: give only the token');
        }
        chunks.push(chunk as Buffer);
      }
      return Buffer.concat(chunks).toString('utf8');
    },
  };
}

/**
 * Resolves once everything written to `stream` so far has been handed to the operating system, or
 * at once when the stream is closed (a reader that went away): what the bin waits for before it
 * exits.
 */
export function flushed(
  stream: NodeJS.WritableStream & { readonly destroyed?: boolean },
): Promise<void> {
  if (stream.destroyed === true || !stream.writable) return Promise.resolve();
  return new Promise((done) => {
    stream.write('', () => done());
  });
}

/** True once standard output failed otherwise than by its reader going away: the answer is cut. */
export function outputFailed(): boolean {
  return failedWrite;
}
