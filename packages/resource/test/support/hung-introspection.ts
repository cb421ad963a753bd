import { createTokenIntrospection } from '../../src/token-introspection.js';

/**
 * An introspection whose IdP never answers (a stuck socket): each call waits until its signal
 * aborts. `asked()` resolves once a call reached the IdP, so a test hangs up on a request that is
 * really waiting; `cancelled()` once the call was given up. Stands in for the IdP at the `fetch` boundary: a hang cannot be had from the
 * local IdP on demand (token-introspection.attack.int.test.ts holds its calls for the same tests).
 */
export function hungIntrospection() {
  let reached: () => void = () => {};
  const asked = new Promise<void>((resolve) => {
    reached = resolve;
  });
  let gaveUp: () => void = () => {};
  const cancelled = new Promise<void>((resolve) => {
    gaveUp = resolve;
  });
  const hang: typeof fetch = (_input, init) =>
    new Promise((_, reject) => {
      const leave = () => {
        gaveUp();
        reject(init?.signal?.reason);
      };
      init?.signal?.addEventListener('abort', leave, { once: true });
      reached();
    });
  const introspection = createTokenIntrospection({
    endpoint: 'https://idp.example.test/introspect',
    clientId: 'finance-api',
    clientSecret: 'introspection-secret',
    fetch: hang,
    timeoutMs: 20_000,
  });
  return { introspection, asked: () => asked, cancelled: () => cancelled };
}
