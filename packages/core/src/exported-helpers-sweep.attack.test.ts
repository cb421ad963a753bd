// Every function and class core's entries export, called with a wrong first or second argument
// (undefined, a number, a string, an empty object): whatever it throws or rejects with is never a
// crash from inside ("Cannot read properties of undefined", "Cannot destructure property",
// "x is not iterable", "x is not a function", "Invalid time value"). A new export that crashes
// on a wrong argument fails here until it checks its arguments by name.
import { describe, expect, it } from 'vitest';
import * as kit from './adapter-kit/index.js';
import * as dpop from './dpop/index.js';
import * as core from './index.js';
import * as jwt from './jwt/index.js';
import * as node from './node/index.js';
import * as secretsKit from './secrets-kit/index.js';

const CRASH =
  /Cannot read properties|Cannot destructure|is not iterable|is not a function|Cannot convert undefined|Invalid time value/;
const WRONG: readonly unknown[] = [undefined, 42, 'x', {}];
// Left as they are, on the quick start's path where each byte counts: the engine's own message
// names the argument (`fields is not iterable`, `vendorCodes.includes is not a function`).
const LEFT = new Set(['kit.jwtBearerForm', 'kit.loggableErrorType']);
// Not called: each keeps process state (the default replay stores, the default logger, the
// telemetry API, a count or duration waiting for it), which core's test files, sharing one module
// graph per worker, must not leave behind. Their own tests check their arguments.
const STATEFUL = new Set([
  'core.defaultReplayStore',
  'core.setDefaultLogger',
  'core.setTelemetryApi',
  'core.countMetric',
  'core.recordDuration',
]);

const isClass = (value: unknown): boolean =>
  /^class\b/.test(Function.prototype.toString.call(value));

async function outcomeOf(
  run: (...args: unknown[]) => unknown,
  klass: boolean,
  args: unknown[],
): Promise<string | undefined> {
  try {
    const result = klass ? Reflect.construct(run, args) : run(...args);
    if (result instanceof Promise) await result;
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

describe("core's exports never crash inside on a wrong argument", () => {
  it('every function and class of every entry', async () => {
    const crashes: string[] = [];
    const entries = { core, kit, jwt, dpop, node, secretsKit };
    for (const [entry, exports] of Object.entries(entries)) {
      for (const [name, value] of Object.entries(exports)) {
        const key = `${entry}.${name}`;
        if (typeof value !== 'function' || LEFT.has(key) || STATEFUL.has(key)) continue;
        const run = value as (...args: unknown[]) => unknown;
        for (const wrong of WRONG) {
          for (const args of [[wrong], [{}, wrong]]) {
            const message = await outcomeOf(run, isClass(value), args);
            if (message !== undefined && CRASH.test(message)) {
              crashes.push(
                `${entry}.${name}(${args.map((arg) => typeof arg).join(', ')}): ${message}`,
              );
            }
          }
        }
      }
    }
    expect(crashes).toEqual([]);
  }, 60_000);
});
