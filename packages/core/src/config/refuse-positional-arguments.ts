import { requireValue } from './check-option.js';
/**
 * How a function or class that takes an options object is called, shown by
 * {@link refusePositionalArguments} to a caller who passed positional arguments, as users of the
 * Python library do (`InSessionTokenRequest(adapter)`, `call_api(token, url, 'GET')`).
 */
export interface PositionalArgumentsUsage {
  /** The call as a caller writes it before `(`: `new HybridSender`, `getConfig`, `api.callApi`. */
  readonly call: string;
  /** The arguments of the TypeScript form, names and placeholders only: `{ adapter }`. */
  readonly example: string;
  /** Said after the form, after a comma: where a helper comes from, or another form. */
  readonly note?: string | undefined;
  /** What it takes, as the message says it. Default: `one options object`. */
  readonly takes?: string | undefined;
  /** How many parameters it has, each an object or nothing (`(config, options?)`: 2). Default 1. */
  readonly objects?: number | undefined;
  /** Whether the first object is required, so that nothing there is refused as well. Default false. */
  readonly required?: boolean | undefined;
}

/**
 * The type of `value` as a refusal names it, never the value itself (it may be a key path, PEM
 * text or a secret): `no argument`, `null`, `an array`, `an adapter` (an object with a
 * `requestToken` method), `a token response` (an object whose `accessToken` is a string, as
 * `requestToken` resolves to: Python's `call_api(token_response)`), `an object`, or
 * `a <typeof>` (`a string`, `a number`…).
 */
export function argumentKindOf(value: unknown): string {
  if (value === undefined) return 'no argument';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value !== 'object') return `a ${typeof value}`;
  if (typeof (value as { requestToken?: unknown }).requestToken === 'function') return 'an adapter';
  return typeof (value as { accessToken?: unknown }).accessToken === 'string'
    ? 'a token response'
    : 'an object';
}

/**
 * Refuses a call whose arguments are not the options object(s) it takes: a first argument that is
 * a string, number, array, `null`, an adapter or a token response (or nothing, when `required`),
 * a later parameter's
 * argument that is not an object, and any argument after the last parameter (other than
 * `undefined`). The message shows the TypeScript form from `usage` and names the type of what was
 * given (with its place, after the first), never its value. Returns quietly otherwise; the options'
 * own checks come after.
 *
 * @param args - The arguments as given: a function's `arguments`, or an array of them.
 * @throws TypeError as above, e.g. `new InSessionTokenRequest takes one options object, not
 * Python's positional arguments (got an adapter): new InSessionTokenRequest({ adapter })`; a
 * `TypeError` naming `usage` when it is not an object.
 * @example
 * refusePositionalArguments(arguments, { call: 'new AcmeRequest', example: '{ adapter }' });
 */
export function refusePositionalArguments(
  args: ArrayLike<unknown>,
  usage: PositionalArgumentsUsage,
): void {
  const {
    call,
    example,
    note,
    takes = 'one options object',
    objects = 1,
    required,
  } = requireValue(usage, 'usage', 'object') as PositionalArgumentsUsage;
  // A required first argument is checked even when none was given.
  for (let i = 0; i < args.length || (required && i < 1); i++) {
    const kind = argumentKindOf(args[i]);
    if (kind === 'no argument' ? i > 0 || !required : i < objects && kind === 'an object') continue;
    throw new TypeError(
      `${call} takes ${takes}, not Python's positional arguments (got ${kind}${i ? ` as argument ${i + 1}` : ''}): ${call}(${example})${note === undefined ? '' : `, ${note}`}`,
    );
  }
}
