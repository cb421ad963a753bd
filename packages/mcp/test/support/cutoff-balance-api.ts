import type { DelegationCutoffStore } from '@dual-auth/core';
import type { DelegationLayout, TokenProfile } from '@dual-auth/core/jwt';
import { createDualAuthGuard } from '@dual-auth/resource';
import { dualAuth } from '@dual-auth/resource/express';
import { type LocalIdp, startHttpsServer, type TestHttpsServer } from '@dual-auth/testing';
import express from 'express';

/**
 * An HTTPS API whose `GET /api/balance` is behind the real guard for `idp`'s tokens, reading
 * `cutoffStore` (the store `endDelegation` writes) and letting every agent and human through;
 * `statuses` keeps every answer's status, in order.
 */
export async function startCutoffBalanceApi(
  idp: LocalIdp,
  options: {
    profile: TokenProfile;
    cutoffStore: DelegationCutoffStore;
    layout?: DelegationLayout;
  },
): Promise<{ api: TestHttpsServer; statuses: number[] }> {
  const guard = createDualAuthGuard({
    profile: options.profile,
    ...(options.layout === undefined ? {} : { layout: options.layout }),
    issuer: idp.issuer,
    audience: idp.audience,
    jwksUri: idp.jwksUrl,
    fetch: idp.fetch,
    agentAllowed: () => true,
    humanAllowed: () => true,
    cutoffStore: options.cutoffStore,
  });
  const app = express();
  app.get('/api/balance', dualAuth(guard), (_req, res) => {
    res.json({ ok: true });
  });
  const statuses: number[] = [];
  const api = await startHttpsServer(
    (req, res) => {
      res.on('finish', () => statuses.push(res.statusCode));
      app(req as never, res as never);
    },
    { ca: idp.ca },
  );
  return { api, statuses };
}
