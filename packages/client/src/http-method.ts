/** The methods `callApi` sends. CONNECT and TRACE are left out: fetch forbids them. */
export const HTTP_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** One of {@link HTTP_METHODS}. */
export type HttpMethod = (typeof HTTP_METHODS)[number];

/** Methods RFC 9110 calls idempotent: the ones retried by default. */
export const IDEMPOTENT_METHODS: readonly HttpMethod[] = [
  'GET',
  'HEAD',
  'PUT',
  'DELETE',
  'OPTIONS',
];

const BY_NAME: ReadonlyMap<string, HttpMethod> = /* @__PURE__ */ (() =>
  new Map(HTTP_METHODS.map((m) => [m, m])))();

/**
 * Uppercases and checks a method name.
 *
 * @throws TypeError when it is not one of {@link HTTP_METHODS}.
 */
export function normalizeMethod(method: unknown, name = 'method'): HttpMethod {
  if (typeof method !== 'string') {
    throw new TypeError(
      `${name} must be a string, got ${method === null ? 'null' : typeof method}`,
    );
  }
  const known = BY_NAME.get(method) ?? BY_NAME.get(method.toUpperCase());
  if (known === undefined) {
    throw new TypeError(`${name} must be one of ${HTTP_METHODS.join(', ')}`);
  }
  return known;
}
