import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { InjectedFailure } from './failure-injection.js';

/**
 * One request to the local IdP's token endpoint, as it arrived on the wire, for wire tests.
 * It holds what the client sent (secrets included): keep it inside the test.
 */
export interface TokenRequestRecord {
  readonly method: string;
  readonly path: string;
  /** Lower-cased request headers. */
  readonly headers: Readonly<Record<string, string>>;
  /** The raw request body. */
  readonly body: string;
  /** Form fields in the order sent. */
  readonly form: readonly (readonly [string, string])[];
  /** Form fields by name (the last value wins). */
  readonly fields: Readonly<Record<string, string>>;
  /** The decoded (not verified) `client_assertion`, when there was one that decodes. */
  readonly assertion?: {
    readonly header: Readonly<Record<string, unknown>>;
    readonly claims: Readonly<Record<string, unknown>>;
  };
  /** The failure injected for this request, if any. */
  readonly injected?: InjectedFailure;
  /** The status answered (set once the response is sent). */
  readonly status?: number;
  /** The OAuth `error` answered, if any. */
  readonly error?: string;
  /** Why the IdP refused it, in oidc-provider's words (never sent to the client). */
  readonly errorDetail?: string;
}

/** A record that the server fills in as the request proceeds. @internal */
export type MutableTokenRequestRecord = {
  -readonly [K in keyof TokenRequestRecord]: TokenRequestRecord[K];
};

/** Builds the record of a token request from its head and raw body. @internal */
export function recordTokenRequest(
  method: string,
  path: string,
  rawHeaders: Readonly<Record<string, string | string[] | undefined>>,
  body: string,
): MutableTokenRequestRecord {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(rawHeaders)) {
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const form = [...new URLSearchParams(body)];
  const fields = Object.fromEntries(form);
  const record: MutableTokenRequestRecord = { method, path, headers, body, form, fields };
  const assertion = fields.client_assertion;
  if (assertion !== undefined) {
    try {
      record.assertion = { header: decodeProtectedHeader(assertion), claims: decodeJwt(assertion) };
    } catch {
      // An undecodable assertion is the IdP's to refuse; the record just has none.
    }
  }
  return record;
}
