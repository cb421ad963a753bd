import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ACT_ASSERTION_HEADER,
  type DelegationCutoffStore,
  type ReplayStore,
} from '@dual-auth/core';
import {
  agentHasRole,
  agentHasScope,
  createDualAuthGuard,
  type SubjectCheck,
} from '@dual-auth/resource';
import { type LocalIdp, loadTokenProfile } from '@dual-auth/testing';
import {
  RedisDelegationCutoffStore,
  RedisReplayStore,
  type StoreRedisClient,
} from '../../src/index.js';

/** The vendors of the local IdP whose agents and APIs these tests run: the four, then OAuth. */
export const IDP_VENDORS = ['keycloak', 'auth0', 'okta', 'entraid', 'oauth'] as const;

/** One of {@link IDP_VENDORS}. */
export type IdpVendor = (typeof IDP_VENDORS)[number];

/** What marks `finance-agent` as pre-approved at `idp`: the role or scope its profile names. */
function agentCheck(idp: LocalIdp): SubjectCheck {
  const { kind, name } = idp.profile.agentGrant;
  return kind === 'role' ? agentHasRole(name) : agentHasScope(name);
}

/** A running API: `url` answers a GET with the guard's status and `{ reason }` (its audit reason). */
export interface VendorApi {
  readonly url: string;
  close(): Promise<void>;
}

/**
 * The guard of the vendor's token profile for `idp`, reading the humans' delegation cut-offs in
 * `cutoffStore` (and claiming Entra act assertions in `replayStore`). Every human passes the human
 * check, so only the cut-off tells them apart.
 */
export async function vendorGuard(
  idp: LocalIdp,
  vendor: IdpVendor,
  stores: { cutoffStore: DelegationCutoffStore; replayStore: ReplayStore },
) {
  return createDualAuthGuard({
    profile: await loadTokenProfile(vendor),
    issuer: idp.issuer,
    audience: idp.audience,
    jwksUri: idp.jwksUrl,
    fetch: idp.fetch,
    cutoffStore: stores.cutoffStore,
    agentAllowed: agentCheck(idp),
    humanAllowed: () => true,
    ...(vendor === 'entraid'
      ? {
          boundActAssertion: {
            actAudience: idp.audience,
            appKeys: idp.app.publicKeyPem,
            replayStore: stores.replayStore,
          },
        }
      : {}),
  });
}

/**
 * The API of `idp` on loopback HTTP: the {@link vendorGuard}, reading the humans' delegation
 * cut-offs (and claiming Entra act assertions) in the Redis of `client`.
 */
export async function startVendorApi(
  idp: LocalIdp,
  vendor: IdpVendor,
  client: StoreRedisClient,
): Promise<VendorApi> {
  const guard = await vendorGuard(idp, vendor, {
    cutoffStore: new RedisDelegationCutoffStore({ client, timeoutMs: 120_000 }),
    replayStore: new RedisReplayStore({ client, timeoutMs: 120_000 }),
  });
  const server: Server = createServer((request, response) => {
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value[0] : value;
    };
    guard
      .check({
        authorization: header('authorization'),
        actAssertion: header(ACT_ASSERTION_HEADER.toLowerCase()),
        method: request.method ?? 'GET',
        route: '/api/balance',
      })
      .then(
        (decision) => {
          response.writeHead(decision.status, { 'content-type': 'application/json' });
          response.end(JSON.stringify({ reason: decision.audit.reason }));
        },
        () => {
          response.writeHead(500).end(JSON.stringify({ reason: 'guard_failed' }));
        },
      );
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api/balance`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
