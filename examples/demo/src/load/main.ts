// `pnpm load` (not part of the tests): the dual-subject flow under concurrent load, then a steady
// stream of act JWTs through one verifier (issue 18 item 7). Exits 1 on any error or refusal.
// Options: --requests 10000 --concurrency 200 --humans 100 --rate 5000 --seconds 60
//          --only dual-subject|act-jwts  --paced-clock (the act-JWT stream on a clock that advances
//          1/rate s per token instead of the wall clock: the store's behaviour at that rate on any
//          machine)
import { loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { loadActJwts } from './load-act-jwts.js';
import { loadActJwtsOnPacedClock } from './load-act-jwts-paced.js';
import { loadDualSubject } from './load-dual-subject.js';

const { values } = parseArgs({
  // `pnpm load -- --requests 100` hands the script its own `--`.
  args: process.argv.slice(2).filter((arg) => arg !== '--'),
  options: {
    requests: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '200' },
    humans: { type: 'string', default: '100' },
    rate: { type: 'string', default: '5000' },
    seconds: { type: 'string', default: '60' },
    only: { type: 'string' },
    'paced-clock': { type: 'boolean', default: false },
  },
});
const write = (line: string) => console.log(line);
const load = () =>
  `load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(' ')}`;

let failed = 0;
write(`${load()} on ${navigator.hardwareConcurrency} cores, Node ${process.version}`);
if (values.only !== 'act-jwts') {
  const { errors } = await loadDualSubject(
    {
      requests: Number(values.requests),
      concurrency: Number(values.concurrency),
      humans: Number(values.humans),
    },
    write,
  );
  failed += errors;
  write(load());
}
if (values.only !== 'dual-subject') {
  const stream = values['paced-clock'] ? loadActJwtsOnPacedClock : loadActJwts;
  const { refused } = await stream(
    { rate: Number(values.rate), seconds: Number(values.seconds) },
    write,
  );
  failed += refused;
  write(load());
}
process.exitCode = failed === 0 ? 0 : 1;
