import { createTokenIntrospection } from '../../src/token-introspection.js';

/**
 * An introspection whose IdP never answers (a stuck socket): each call waits until its signal
 * aborts. `asked()` resolves once a call reached the IdP, so a test hangs up on a request that is
 * really waiting. Stands in for the IdP at the `fetch` boundary: a hang cannot be had from the
 * local IdP on demand (token-introspection.attack.int.test.ts holds its calls for the same tests).
 */
export function hungIntrospection() {
  let reached: () => void = () => {};
  const asked = new Promise<void>((resolve) => {
    reached = resolve;
  });
  const hang: typeof fetch = (_input, init) =>
    new Promise((_, reject) => {
      init?.signal?.addEventListener('abort', () => reject(init.signal?.reason), { once: true });
      reached();
    });
  const introspection = createTokenIntrospection({
    endpoint: 'https://idp.example.test/introspect',
    clientId: 'finance-api',
    clientSecret: 'introspection-secret',
    fetch: hang,
    timeoutMs: 60_000,
  });
  return { introspection, asked: () => asked };
}
