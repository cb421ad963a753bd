import { errorClassOf } from '../errors/error-class-of.js';

// A runtime's error code (Node `ECONNREFUSED`, undici `UND_ERR_SOCKET`, Bun `ConnectionRefused`):
// any other string a custom fetch put there (a URL, a message) is logged as `other`.
const CODE_SHAPE = /^[A-Za-z][A-Za-z0-9_]{0,63}$/;

/**
 * What a `fetch` that threw before any answer logs as its `error_type`: the runtime's code of the
 * cause (`cause.code` of fetch's `TypeError: fetch failed`: Node's `ECONNREFUSED`, `ENOTFOUND`,
 * undici's `UND_ERR_SOCKET`, Bun's `ConnectionRefused`), `other` for a code that does not read as
 * one (letters, digits and `_`, at most 64: a custom fetch may put a URL or a name there), else
 * the error's class name. Reads codes and class names only, never a message.
 *
 * @example
 * fetchFailureCode(new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } })); // 'ECONNREFUSED'
 */
export function fetchFailureCode(cause: unknown): string {
  const inner = (cause as { cause?: { code?: unknown } } | undefined)?.cause?.code;
  if (typeof inner === 'string') return CODE_SHAPE.test(inner) ? inner : 'other';
  return errorClassOf(cause);
}
