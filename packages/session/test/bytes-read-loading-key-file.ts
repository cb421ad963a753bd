// Run as `node tools/run-source.mjs packages/session/test/bytes-read-loading-key-file.ts <path>`:
// prints how many bytes this process read (Linux's /proc/self/io `rchar`) while loadKeyFile
// loaded `path`, and what it threw, as one JSON line: a read the test can measure, alone in its
// process.
import { readFileSync } from 'node:fs';
import { loadKeyFile } from '../src/node/load-key-file.js';

const bytesRead = () => Number(/^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'))?.[1]);

const before = bytesRead();
const message = await loadKeyFile(process.argv[2] ?? '').then(
  () => undefined,
  (error: Error) => error.message,
);
process.stdout.write(`${JSON.stringify({ bytes: bytesRead() - before, message })}\n`);
