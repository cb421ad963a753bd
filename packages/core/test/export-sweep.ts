// The body of every package's export sweep (`*exports-sweep.attack.test.ts`): each function and
// class of a package's entries called with a wrong first or second argument (undefined, a number,
// a string, an empty object; the second after `{}` and after an object with a claim, which
// session 37 added: `readOptions({ sub }, undefined)` crashed where `readOptions({}, undefined)`
// read no key). Whatever it throws or rejects with must never be a crash from inside
// ("Cannot read properties of undefined", "Cannot use 'in' operator", "x is not iterable",
// "x is not a function", "Invalid time value", a thrown value that is not an Error), and an error
// class refuses its arguments under its own name (`McpCallRefusedError: options must be …`,
// never its parent's).

const CRASH =
  /Cannot read properties|Cannot set properties|Cannot destructure|is not iterable|is not a function|is not a constructor|Cannot convert undefined|Cannot convert a Symbol|Cannot use 'in' operator|Cannot create property|called on non-object|Invalid time value|Maximum call stack/;
// What an outcome reads when the call threw something that is not an Error: a fault too.
const NON_ERROR = 'threw a non-error: ';
const WRONG: readonly unknown[] = [undefined, 42, 'x', {}];
// The values no options argument may take: what an export that starts a server or a process when
// its options are right ({} and undefined are) is called with.
const REFUSED_ONLY: readonly unknown[] = [42, 'x'];
const CLOSERS = ['close', 'stop', 'quit', 'disconnect'] as const;

/** Which exports a sweep leaves out or calls only with wrong arguments; keys `entry.name`. */
export interface SweepRules {
  /** Not called at all (each with its reason in the test file). */
  readonly skip?: ReadonlySet<string>;
  /**
   * Called only with 42 and 'x' as first argument: a right call (no options, `{}`) starts a
   * server, a process or a client, which the sweep would leave running.
   */
  readonly refusedOnly?: ReadonlySet<string>;
}

const isClass = (value: unknown): boolean =>
  /^class\b/.test(Function.prototype.toString.call(value));

const isErrorClass = (value: unknown): boolean =>
  typeof value === 'function' && value.prototype instanceof Error;

// What an accepted call returned, closed when it holds something that runs (a server, a client).
async function release(result: unknown): Promise<void> {
  if (typeof result !== 'object' || result === null) return;
  const holder = result as Record<string | symbol, unknown>;
  const closer = [...CLOSERS, Symbol.asyncDispose].find((key) => typeof holder[key] === 'function');
  if (closer !== undefined)
    await Promise.resolve((holder[closer] as () => unknown)()).catch(() => {});
}

async function outcomeOf(
  run: (...args: unknown[]) => unknown,
  klass: boolean,
  args: unknown[],
): Promise<string | undefined> {
  try {
    await release(await (klass ? Reflect.construct(run, args) : run(...args)));
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : `${NON_ERROR}${typeof error}`;
  }
}

// The fault in one outcome of `name`, if any.
function faultOf(name: string, value: unknown, message: string | undefined): string | undefined {
  if (message === undefined) return undefined;
  if (CRASH.test(message) || message.startsWith(NON_ERROR)) return message;
  const named = /^([A-Z]\w*Error): /.exec(message)?.[1];
  if (isErrorClass(value) && named !== undefined && named !== name.split('.').pop()) {
    return `refused under ${named}'s name: ${message}`;
  }
  return undefined;
}

/**
 * Every crash from inside (and every error class refusing under another class's name) of the
 * functions and classes of `entries` (`{ entryLabel: module }`), each as
 * `<entry>.<name>(<argument types>): <message>`; empty when all refuse by name.
 */
export async function sweepExports(
  entries: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  rules: SweepRules = {},
): Promise<string[]> {
  const faults: string[] = [];
  for (const [entry, exports] of Object.entries(entries)) {
    for (const [name, value] of Object.entries(exports)) {
      const key = `${entry}.${name}`;
      if (typeof value !== 'function' || rules.skip?.has(key)) continue;
      const run = value as (...args: unknown[]) => unknown;
      const calls = rules.refusedOnly?.has(key)
        ? REFUSED_ONLY.map((wrong) => [wrong])
        : WRONG.flatMap((wrong) => [[wrong], [{}, wrong], [{ sub: 'u-1' }, wrong]]);
      for (const args of calls) {
        const fault = faultOf(key, value, await outcomeOf(run, isClass(value), args));
        if (fault !== undefined) {
          faults.push(`${key}(${args.map((arg) => typeof arg).join(', ')}): ${fault}`);
        }
      }
    }
  }
  return faults;
}
