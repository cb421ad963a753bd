// Cost of `authorize` (the guard's two checks, their deadline, the result) per request over
// calling the two checks directly, for checks that answer synchronously (agentHasRole, humanIn:
// the common case), the same with the request's AbortSignal, and a human check answering through
// a Promise (a directory look-up, already resolved). Each request has its own AbortController, as
// a server's requests do (one long-lived signal would collect every AbortSignal.any of the run). Baselines run in the same rounds, alternating
// (median of the per-round ratios); `µs` is wall time per call, `CPU µs` CPU time per call.
// Not a test: run with `pnpm bench` in packages/resource.
import { compareCpuCost, compareToBaseline, formatComparison } from '../../../tools/bench-kit.ts';
import {
  type AuthorizationResult,
  agentHasRole,
  authorize,
  humanIn,
  type SubjectCheck,
  type SubjectCheckState,
} from '../src/index.js';
import { financeSubject } from '../test/support/finance-subject.js';

const subject = financeSubject;
const agentAllowed = agentHasRole('FinanceAgent');
const humanAllowed = humanIn(['user-1']);
const humanLookedUp: SubjectCheck = async (state) => humanAllowed(state);

// The checks' signal is required; one made once stands for "no request signal" in the direct cases.
const neverAborted = new AbortController().signal;

/** The rule without authorize: both checks called, their answers read. */
async function direct(human: SubjectCheck, signal = neverAborted): Promise<boolean> {
  const state: SubjectCheckState = { subject, signal };
  const [agent, humanAnswer] = await Promise.all([agentAllowed(state), human(state)]);
  return agent === true && humanAnswer === true;
}

const cases: [string, () => Promise<unknown>, () => Promise<AuthorizationResult>][] = [
  [
    'sync checks',
    () => direct(humanAllowed),
    () => authorize({ subject, agentAllowed, humanAllowed }),
  ],
  [
    'sync checks, request signal',
    () => direct(humanAllowed, new AbortController().signal),
    () => authorize({ subject, agentAllowed, humanAllowed, signal: new AbortController().signal }),
  ],
  [
    'async human check, request signal',
    () => direct(humanLookedUp, new AbortController().signal),
    () =>
      authorize({
        subject,
        agentAllowed,
        humanAllowed: humanLookedUp,
        signal: new AbortController().signal,
      }),
  ],
];

/** Throws unless authorize allowed: the bench times the answer an allowed request gets. */
function allowed(result: AuthorizationResult): void {
  if (result.decision !== 'ALLOW') throw new Error('authorize denied');
}

const rows: { task: string; µs: string; 'CPU µs': string; ratio: string }[] = [];
const lines: string[] = [];
for (const [name, raw, ours] of cases) {
  const comparison = await compareToBaseline(raw, ours, { verdict: allowed });
  const cpu = await compareCpuCost(raw, ours);
  rows.push({
    task: `authorize, ${name}`,
    µs: (1e6 / comparison.oursOps).toFixed(2),
    'CPU µs': (1e6 / cpu.oursOps).toFixed(2),
    ratio: comparison.ratio.toFixed(2),
  });
  lines.push(formatComparison(`authorize ${name} / the checks called directly`, comparison));
}
console.table(rows);
for (const line of lines) console.log(line);
