import { Agent, fetch as undiciFetch } from 'undici';

/**
 * An undici `Agent` that trusts exactly the given CA (plus nothing else), for SDKs that accept a
 * dispatcher. TLS verification stays on: no `rejectUnauthorized: false`, no
 * `NODE_TLS_REJECT_UNAUTHORIZED`.
 *
 * @example
 * ```ts
 * const dispatcher = createTrustingDispatcher(ca.caPem);
 * await dispatcher.close();
 * ```
 */
export function createTrustingDispatcher(caPem: string): Agent {
  if (typeof caPem !== 'string' || !caPem.includes('BEGIN CERTIFICATE')) {
    throw new TypeError('createTrustingDispatcher: caPem must be a PEM certificate string');
  }
  return new Agent({ connect: { ca: caPem } });
}

/** A `fetch` that trusts one CA, with the means to release its connection pool. */
export type TrustingFetch = typeof fetch & {
  /** The undici agent behind this fetch. */
  readonly dispatcher: Agent;
};

/**
 * Returns a `fetch` (undici's) whose connections trust `caPem`, so a client under test can be
 * given it as its injected `fetch` to reach a local HTTPS server with full verification.
 *
 * @example
 * ```ts
 * import { createTestCa, createTrustingFetch } from '@dual-auth/testing';
 *
 * const ca = await createTestCa();
 * const fetch = createTrustingFetch(ca.caPem);
 * const res = await fetch('https://127.0.0.1:8443/health');
 * ```
 */
export function createTrustingFetch(caPem: string): TrustingFetch {
  const dispatcher = createTrustingDispatcher(caPem);
  const trustingFetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const [url, requestInit] = await toUndiciArguments(input, init);
    // undici's types are structurally the same as the DOM ones but nominally different.
    return (await undiciFetch(url, {
      ...(requestInit as Parameters<typeof undiciFetch>[1]),
      dispatcher,
    })) as unknown as Response;
  };
  return Object.assign(trustingFetch, { dispatcher }) as TrustingFetch;
}

// A global Request comes from Node's bundled undici, which this undici does not recognise as its
// own Request class, so it is unpacked into a URL and an init.
async function toUndiciArguments(
  input: RequestInfo | URL,
  init: RequestInit | undefined,
): Promise<[string | URL, RequestInit | undefined]> {
  if (typeof input === 'string' || input instanceof URL) return [input, init];
  const body = input.body === null ? null : await input.arrayBuffer();
  return [
    input.url,
    {
      method: input.method,
      headers: input.headers,
      body,
      signal: input.signal,
      redirect: input.redirect,
      ...init,
    },
  ];
}
