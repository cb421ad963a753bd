import { inspect } from 'node:util';

/** How deep {@link errorLogTexts} follows `cause` and `AggregateError.errors`. */
const MAX_DEPTH = 10;

/** Each way {@link errorLogTexts} shows an error, with the text it gives. */
export interface ErrorLogTexts {
  /** `String(error)`. */
  readonly string: string;
  /** `JSON.stringify(error)` (the error's `toJSON` when it has one). */
  readonly json: string;
  /** `util.inspect(error, { depth: 10 })`, as `console.log` and `console.error` print it. */
  readonly inspect: string;
  /** `error.stack`. */
  readonly stack: string;
  /**
   * Every error nested in it, 10 deep: its `cause` chain, an `AggregateError`'s `errors` and an
   * error in an enumerable field, each as `util.inspect` prints it on its own, with its `String`,
   * `stack` and enumerable fields (its own `util.inspect.custom` may hide them): what a logger that
   * follows causes writes (pino's `err` serializer writes a cause's message and stack, and an
   * aggregate's errors and an error in a field with their fields).
   */
  readonly causes: string;
  /**
   * `util.inspect` (10 deep) of a copy of its enumerable properties, own and inherited, and its
   * own enumerable symbols: what a serializer that walks them writes (pino's `err` serializer
   * takes each `for…in` key; winston's `format.errors` and `{ ...error }` the own ones). An error's `toJSON` and `util.inspect.custom`
   * do not apply.
   */
  readonly fields: string;
  /** `util.inspect` (10 deep) of `structuredClone(error)`, as a worker or `postMessage` hands it on. */
  readonly structuredClone: string;
}

/** `show()`, or what it threw (a getter, `toJSON` or `toString` that throws) as text. */
function shown(how: string, show: () => string): string {
  try {
    return show();
  } catch (thrown) {
    return `${how} threw: ${inspect(thrown, { depth: MAX_DEPTH })}`;
  }
}

/** Its enumerable fields, own and inherited (`for…in`), and its own enumerable symbols. */
function enumerableFields(error: object): Record<PropertyKey, unknown> {
  const copy: Record<PropertyKey, unknown> = {};
  for (const key in error) copy[key] = Reflect.get(error, key);
  for (const key of Object.getOwnPropertySymbols(error)) {
    if (Object.prototype.propertyIsEnumerable.call(error, key)) copy[key] = Reflect.get(error, key);
  }
  return copy;
}

function fieldsOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  return shown('its fields', () => inspect(enumerableFields(error), { depth: MAX_DEPTH }));
}

function stackOf(error: unknown): string {
  return shown('stack', () => {
    const stack: unknown =
      typeof error === 'object' && error !== null ? Reflect.get(error, 'stack') : undefined;
    return typeof stack === 'string' ? stack : '';
  });
}

/** An error as pino's `err` serializer takes one: an object whose `message` is a string. */
function isErrorLike(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && typeof Reflect.get(value, 'message') === 'string'
  );
}

/** The errors nested in `error`: its `cause`, an AggregateError's `errors`, an error in a field. */
function nestedIn(error: object): unknown[] {
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  let inFields: unknown[] = [];
  try {
    inFields = Object.values(enumerableFields(error)).filter(isErrorLike);
  } catch {
    // A getter that throws: `fieldsOf` reports it.
  }
  return [cause, ...(Array.isArray(errors) ? errors : []), ...inFields].filter(
    (inner) => inner !== undefined,
  );
}

function causesOf(error: unknown, depth: number, seen: Set<unknown>): string[] {
  if (typeof error !== 'object' || error === null || seen.has(error) || depth > MAX_DEPTH) {
    return [];
  }
  seen.add(error);
  // Each as a logger writes it on its own: pino's `err` serializer adds a cause's message and
  // stack, and writes an AggregateError's errors and an error in a field whole, their fields too.
  return nestedIn(error).flatMap((inner) => [
    shown('util.inspect', () => inspect(inner, { depth: MAX_DEPTH })),
    shown('String', () => String(inner)),
    stackOf(inner),
    fieldsOf(inner),
    ...causesOf(inner, depth + 1, seen),
  ]);
}

function cloned(error: unknown): string {
  try {
    return inspect(structuredClone(error), { depth: MAX_DEPTH });
  } catch (refusal) {
    return `structuredClone refused: ${String(refusal)}`;
  }
}

/**
 * What a logging pipeline writes of `error`, each way it may show one (see {@link ErrorLogTexts}):
 * a test asserts that none holds a token, secret, email or name, whatever the application's
 * logger does with what was thrown. A way that throws (a getter, `toJSON` or `toString` that
 * throws) gives `<way> threw: <what it threw>` instead of throwing.
 *
 * @example
 * ```ts
 * import { errorLogTexts } from '@dual-auth/testing';
 *
 * const texts = errorLogTexts(new Error('denied', { cause: new Error('for alice@example.com') }));
 * texts.causes.includes('alice@example.com'); // true
 * texts.json; // '{}'
 * ```
 */
export function errorLogTexts(error: unknown): ErrorLogTexts {
  return {
    string: shown('String', () => String(error)),
    json: shown('JSON.stringify', () => JSON.stringify(error) ?? ''),
    inspect: shown('util.inspect', () => inspect(error, { depth: MAX_DEPTH })),
    stack: stackOf(error),
    causes: causesOf(error, 0, new Set()).join('\n'),
    fields: fieldsOf(error),
    structuredClone: cloned(error),
  };
}
