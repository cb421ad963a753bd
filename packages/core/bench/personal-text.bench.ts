// What `withoutPersonalText` costs per call on a 200-character IdP text, in CPU time (steadier
// than wall time on a shared machine): with one person, with three (an id, a name, an email), and
// with three of which a name has accents (its written forms: encoded, escaped, folded, each cased,
// make many more patterns). A caller holding its people asks with the same array (the client's
// route, once per URL segment): the patterns made for an array are kept as long as it is; a new
// array each call makes them again. Not a test: it prints, it asserts nothing but the redaction;
// run with `pnpm bench`.
import { benchCount, benchOnce, median } from '../../../tools/bench-kit.ts';
import { withoutPersonalText } from '../src/index.js';

// 200 characters, as an IdP's error_description may read: it names the human twice.
const TEXT = (
  'invalid_grant: the subject token of Alice Liddell (aliddell) was issued to another client ' +
  '(finance-agent asked, intern-agent holds it); ask the user to sign in again, then exchange the new one.'
).padEnd(200, '.');

const CASES = [
  ['1 person', ['aliddell']],
  ['3 people', ['u-7301', 'Alice Liddell', 'alice.liddell@corp.example']],
  ['3 people, a name with accents', ['u-7301', 'Alice Liddell-Núñez', 'aliddell']],
] as const;

const CALLS = benchCount(500);
const ROUNDS = benchCount(9);

/** CPU nanoseconds per call of `CALLS` calls, with `people` or a new copy of it each call. */
function cpuPerCall(people: readonly string[], copy: boolean): number {
  for (let i = 0; i < CALLS / 5; i++) withoutPersonalText(TEXT, copy ? [...people] : people);
  const start = process.cpuUsage();
  for (let i = 0; i < CALLS; i++) withoutPersonalText(TEXT, copy ? [...people] : people);
  const { user, system } = process.cpuUsage(start);
  return ((user + system) * 1000) / CALLS;
}

for (const [label, people] of CASES) {
  if (!withoutPersonalText(TEXT, people).includes('***REDACTED***')) {
    throw new Error(`${label}: the person was not blanked`);
  }
  const same: number[] = [];
  const fresh: number[] = [];
  // Alternating rounds: a busy machine slows both alike.
  for (let round = 0; round < ROUNDS; round++) {
    same.push(cpuPerCall(people, false));
    fresh.push(cpuPerCall(people, true));
  }
  if (benchOnce) continue;
  const ns = (values: number[]) => Math.round(median(values)).toLocaleString('en');
  console.log(
    `withoutPersonalText, 200-char text, ${label}: ${ns(same)} ns CPU per call with the same array, ${ns(fresh)} ns with a new one each call (median of ${ROUNDS} rounds)`,
  );
}

// A token granting thousands of scopes: resource's audit record reads each name on every request
// (its words and paths are runs of base64's alphabet, `resource/tenant-7`, looked into for a
// person). Session 31: 2 300 such names ~40 → ~6 ms CPU (and the 200-char texts ~45 → ~14 µs a call).
const SCOPES = Array.from({ length: 2300 }, (_, i) => `api://resource/tenant-${i}.files.read`);
const HOLDER = ['u-7301', 'Alice Liddell', 'alice.liddell@corp.example'];
const scopeRounds: number[] = [];
for (let round = 0; round < ROUNDS; round++) {
  const start = process.cpuUsage();
  for (const name of SCOPES) withoutPersonalText(name, HOLDER);
  const { user, system } = process.cpuUsage(start);
  scopeRounds.push((user + system) / 1000);
}
if (!benchOnce) {
  console.log(
    `withoutPersonalText, ${SCOPES.length} scope names with 3 people: ${median(scopeRounds).toFixed(1)} ms CPU for all (median of ${ROUNDS} rounds)`,
  );
}
