#!/usr/bin/env node
import { flushed, nodeCliIo, outputFailed } from './node-cli-io.js';
import { EXIT, runCli } from './run-cli.js';

const code = await runCli(process.argv.slice(2), nodeCliIo());
// The answer is written: exit now. Node's fetch keeps connecting to an endpoint that stalls the
// TLS handshake after doctor gave up on it (until undici's own 10 s connect limit), which would
// hold the process past --timeout-ms (`timeout 5 dual-auth doctor` then exits 124, not 3).
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
// An answer cut off by a failed write (a full disk) is no success.
process.exit(outputFailed() ? Math.max(code, EXIT.checkFailed) : code);
