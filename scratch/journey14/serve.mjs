// Runs the stack in its own process (so its CPU is measured apart from the load's) and hands the
// driver what an agent holds: the URL, the CA, a DPoP-bound token and its key. Written to a 0600
// file in a temporary folder, removed on exit; nothing of it is committed.
import { rmSync, writeFileSync } from 'node:fs';
import { dpopKey, startStack } from './stack.mjs';

const out = process.argv[2];
const stack = await startStack({ publicBaseUrl: process.argv[3] });
const key = await dpopKey();
const bearer = await stack.bearerFor(stack.alice);
const bearerBob = await stack.bearerFor(stack.bob);
writeFileSync(
  out,
  JSON.stringify({
    urls: stack.apis.map((a) => a.url),
    caPem: stack.ca.caPem,
    bound: await stack.bind(bearer, { jkt: key.jkt }),
    boundBob: await stack.bind(bearerBob, { jkt: key.jkt }),
    boundShort: await stack.bind(
      bearer,
      { jkt: key.jkt },
      { exp: Math.floor(Date.now() / 1000) + 3600 },
    ),
    jwk: key.jwk,
    privateJwk: await crypto.subtle.exportKey('jwk', key.privateKey),
  }),
  { mode: 0o600 },
);
const stop = async () => {
  const dump = JSON.stringify({ logs: stack.logger.records, audits: stack.audits });
  writeFileSync(`${out}.logs`, dump, { mode: 0o600 });
  rmSync(out, { force: true });
  await stack.close();
  process.exit(0);
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
process.stdout.write('ready\n');
