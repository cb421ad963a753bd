import { OWNED_HEADERS } from './credential-headers.js';

/** Request headers as the client keeps them: lowercase names, each with its one value. */
export type HeaderRecord = Readonly<Record<string, string>>;

const NO_HEADERS: HeaderRecord = /* @__PURE__ */ Object.freeze({});

/**
 * Copies the caller's headers into a {@link HeaderRecord}, refusing the ones the client owns
 * (`Authorization`, `X-Act-Assertion`, …) so a caller can never silently replace the token. A
 * plain record, because fetch takes it as cheaply as anything and every runtime accepts it.
 *
 * @throws TypeError on a bad header name or value (the value is not repeated) or on a credential
 * header.
 */
export function callerHeaders(init: unknown): HeaderRecord {
  if (init === undefined) return NO_HEADERS;
  if (typeof init !== 'object' || init === null) {
    throw new TypeError('headers must be a Headers, an array of pairs or a record of strings');
  }
  let headers: Headers;
  try {
    headers = new Headers(init as HeadersInit);
  } catch {
    throw new TypeError('headers contains an invalid header name or value');
  }
  for (const name of OWNED_HEADERS) {
    if (headers.has(name)) {
      throw new TypeError(
        `headers must not set ${name}: the client sets credentials from the token`,
      );
    }
  }
  return Object.fromEntries(headers);
}
