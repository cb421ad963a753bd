import type { DualAuthAuditEvent } from '@dual-auth/core';
import type { DualAuthGuardOptions } from '../../src/dual-auth-guard.js';
import { createTokenIntrospection } from '../../src/token-introspection.js';
import type { JwksServer } from './token-kit.js';
import { scenarioGuardOptions } from './vendor-scenario.js';

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

/**
 * What a fetch-style app answers a request whose client hangs up while its opaque token waits
 * for introspection, and the audit records its guard wrote. `build` makes the app from the okta
 * scenario's guard options with the {@link hungIntrospection}.
 */
export async function answerToHangUp(
  jwks: JwksServer,
  build: (options: DualAuthGuardOptions) => (request: Request) => Response | Promise<Response>,
): Promise<{ response: Response; audits: DualAuthAuditEvent[] }> {
  const audits: DualAuthAuditEvent[] = [];
  const { introspection, asked } = hungIntrospection();
  const onDecision = (event: DualAuthAuditEvent) => void audits.push(event);
  const app = build({
    ...scenarioGuardOptions('okta', { jwks, appPem: '', onDecision }),
    introspection,
  });
  const client = new AbortController();
  const pending = app(
    new Request('https://api.example.com/api/accounts/42', {
      headers: { authorization: 'Bearer opaque-token-of-a-client-that-leaves' },
      signal: client.signal,
    }),
  );
  await asked();
  client.abort(new Error('client left'));
  return { response: await pending, audits };
}
