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
   * Every error in its `cause` chain and `errors` (AggregateError), 10 deep, each as
   * `util.inspect` prints it on its own: what a logger that follows causes writes.
   */
  readonly causes: string;
  /**
   * `util.inspect` (10 deep) of a copy of its enumerable properties, own and inherited: what a
   * serializer that walks them writes (pino's `err` serializer takes each `for…in` key; winston's
   * `format.errors` and `{ ...error }` the own ones). An error's `toJSON` and `util.inspect.custom`
   * do not apply.
   */
  readonly fields: string;
  /** `util.inspect` (10 deep) of `structuredClone(error)`, as a worker or `postMessage` hands it on. */
  readonly structuredClone: string;
}

function causesOf(error: unknown, depth: number, seen: Set<unknown>): string[] {
  if (typeof error !== 'object' || error === null || seen.has(error) || depth > MAX_DEPTH) {
    return [];
  }
  seen.add(error);
  const { cause, errors } = error as { cause?: unknown; errors?: unknown };
  const nested = [cause, ...(Array.isArray(errors) ? errors : [])].filter((e) => e !== undefined);
  return nested.flatMap((inner) => [
    inspect(inner, { depth: MAX_DEPTH }),
    ...causesOf(inner, depth + 1, seen),
  ]);
}

function fieldsOf(error: unknown): string {
  if (typeof error !== 'object' || error === null) return '';
  const copy: Record<string, unknown> = {};
  for (const key in error) copy[key] = (error as Record<string, unknown>)[key];
  return inspect(copy, { depth: MAX_DEPTH });
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
 * logger does with what was thrown.
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
  const { stack } = (error ?? {}) as { stack?: unknown };
  return {
    string: String(error),
    json: JSON.stringify(error) ?? '',
    inspect: inspect(error, { depth: MAX_DEPTH }),
    stack: typeof stack === 'string' ? stack : '',
    causes: causesOf(error, 0, new Set()).join('\n'),
    fields: fieldsOf(error),
    structuredClone: cloned(error),
  };
}
