import { type LocalIdp, startLocalIdp } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { idpAgentCheck, idpGuardOptions, idpIntrospection } from '../test/support/idp-vendors.js';
import { actOf, adapterFor, checkHeaders, headersOf } from '../test/support/local-idp-scenario.js';
import type { SubjectCheck } from './authorize.js';
import { createDualAuthGuard } from './dual-auth-guard.js';

// Attack (wave 25): the introspection cache hands every request with the same token the same
// answer. Its top level was frozen, its nested objects were not: app code that edited
// `subject.agent.raw.act` or `raw.realm_access` (a check, a handler) changed what each later
// request with that token was verified as, another human's `sub` or a role the IdP never gave.

let idp: LocalIdp;
beforeAll(async () => {
  idp = await startLocalIdp({ vendor: 'keycloak', accessTokenFormat: 'opaque' });
}, 60_000);
afterAll(() => idp?.close());

// Writes `value` at `path` of `root`, as app code might; a frozen object refuses (strict mode).
function tryWrite(root: unknown, path: readonly string[], value: unknown): void {
  let at = root as Record<string, unknown> | undefined;
  for (const key of path.slice(0, -1)) at = at?.[key] as Record<string, unknown> | undefined;
  if (at === undefined || at === null) return;
  try {
    at[path[path.length - 1] as string] = value;
  } catch {
    // Frozen: refused, as it should be.
  }
}

describe('a cached introspection answer edited by one request', () => {
  it('is seen unedited by the next request with the same token', async () => {
    const seen: { raw: string; human: string; roles: readonly string[] }[] = [];
    const agentCheck = idpAgentCheck(idp);
    const editing: SubjectCheck = (state) => {
      const { subject } = state;
      seen.push({
        raw: JSON.stringify(subject.agent.raw),
        human: subject.human.sub,
        roles: subject.agent.roles,
      });
      if (seen.length === 1) {
        const raw = subject.agent.raw;
        const other = actOf(idp, 'bob').sub;
        tryWrite(raw, ['act', 'sub'], other);
        tryWrite(raw, ['realm_access', 'roles'], ['FinanceAgent', 'admin']);
        const roles = (raw.realm_access as { roles?: string[] } | undefined)?.roles;
        try {
          roles?.push('admin');
        } catch {
          // Frozen: refused.
        }
      }
      return agentCheck(state);
    };
    const guard = createDualAuthGuard({
      ...idpGuardOptions(idp),
      introspection: idpIntrospection(idp, idp.fetch),
      agentAllowed: editing,
      humanAllowed: () => true,
    });
    const token = await (await adapterFor(idp, 'finance-agent')).requestToken({
      agentId: 'finance-agent',
      act: actOf(idp, 'alice'),
      scope: ['finance.read'],
    });
    expect((await checkHeaders(guard, headersOf(token))).status).toBe(200);
    const second = await checkHeaders(guard, headersOf(token));
    expect(second.status).toBe(200);
    expect(seen).toHaveLength(2);
    expect(JSON.parse(seen[0]?.raw ?? '{}').realm_access).toBeDefined();
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[1]?.human).toBe(actOf(idp, 'alice').sub);
  });
});
