import type { DelegationCutoffStore, ReplayStore } from '@dual-auth/core';
import type { DelegationLayout } from '@dual-auth/core/jwt';
import {
  agentHasRole,
  agentHasScope,
  cachedCheck,
  type DualAuthAuditEvent,
  humanHasRole,
  type SubjectCheck,
  type TokenIntrospection,
} from '@dual-auth/resource';
import { getDualSubject, withDualAuth } from '@dual-auth/resource/fetch';
import { type LocalIdp, loadTokenProfile, startHttpsServer } from '@dual-auth/testing';
import { getRequestListener } from '@hono/node-server';

/** How the vendor's IdP guide marks an agent as pre-approved: its profile says. */
function agentRule(idp: LocalIdp): SubjectCheck {
  const { kind, name } = idp.profile.agentGrant;
  return kind === 'role' ? agentHasRole(name) : agentHasScope(name);
}

/**
 * The agent side of the RFC 8693 layout: the delegated token carries the human's grants, not the
 * agent's, so the API looks the acting agent (`act.sub`) up in its directory of pre-approved agents.
 */
function preApprovedAgent(idp: LocalIdp): SubjectCheck {
  return ({ subject }) => idp.isAgentAuthorized(subject.agent.id);
}

/**
 * The human's roles in the IdP's directory, found by `sub` or by `oid`: Entra ID's on-behalf-of
 * tokens name the user by a `sub` of the API's own (pairwise), so only `oid` is the directory's.
 */
function directoryRoles(idp: LocalIdp) {
  return async ({ human }: { human: { sub: string; oid?: string } }) =>
    [...idp.humans.values()].find(
      (h) => h.sub === human.sub || (human.oid !== undefined && h.oid === human.oid),
    )?.roles ?? [];
}

/** A running demo API. */
export interface DemoApi {
  /** The protected route. */
  readonly url: string;
  /** What the agent side must hold, in words. */
  readonly agentRule: string;
  /** Every decision the API took, as audit events (IAM ids only). */
  readonly decisions: readonly DualAuthAuditEvent[];
  close(): Promise<void>;
}

/** What {@link startDemoApi} takes beside the IdP. */
export interface DemoApiOptions {
  /** Claims store for bound act assertions (Entra ID); default one in memory per API. */
  readonly replayStore?: ReplayStore;
  readonly layout?: DelegationLayout;
  /** Reads opaque (reference) tokens at the IdP (RFC 7662); JWTs are still verified locally. */
  readonly introspection?: TokenIntrospection;
  /** Humans' cut-offs (`endDelegation`): a token minted for them before it is refused. */
  readonly cutoffStore?: DelegationCutoffStore;
}

/**
 * A small finance API over HTTPS that trusts the local IdP: it verifies each request with
 * `@dual-auth/resource` against the IdP's JWKS and allows only when the agent AND the human are
 * authorized. Where the vendor's tokens keep the agent and the human is the token profile its
 * adapter package exports. The human side is a lookup of the human's roles in the IdP directory
 * (FinanceUser), cached for a minute, as the guides suggest. Bound act assertions (Entra ID) are
 * claimed in `replayStore` (default: one in memory per API); API instances that share one (Redis)
 * refuse an assertion moved onto another access token whichever instance sees it. With
 * `layout: 'rfc8693'` it accepts only the IdP's own delegated tokens (human in `sub`, agent in
 * `act`) and checks the acting agent against the IdP directory's pre-approved agents. With
 * `introspection` it also takes opaque tokens; with `cutoffStore` it refuses tokens of a human
 * whose delegations were ended.
 *
 * @throws Error when the vendor's adapter package exports no token profile.
 */
export async function startDemoApi(idp: LocalIdp, options: DemoApiOptions = {}): Promise<DemoApi> {
  const { replayStore, layout = 'legacy', introspection, cutoffStore } = options;
  const profile = await loadTokenProfile(idp.vendor);
  const decisions: DualAuthAuditEvent[] = [];
  const handler = withDualAuth(
    (request: Request) => {
      const subject = getDualSubject(request);
      return Response.json({
        balance: 1234.56,
        agent: subject?.agent.id,
        human: subject?.human.sub,
      });
    },
    {
      profile,
      issuer: idp.issuer,
      audience: idp.audience,
      jwksUri: idp.jwksUrl,
      fetch: idp.fetch,
      layout,
      agentAllowed: layout === 'legacy' ? agentRule(idp) : preApprovedAgent(idp),
      humanAllowed: cachedCheck(humanHasRole('FinanceUser', directoryRoles(idp)), {
        ttlMs: 60_000,
      }),
      onDecision: (event: DualAuthAuditEvent) => {
        decisions.push(event);
      },
      ...(introspection === undefined ? {} : { introspection }),
      ...(cutoffStore === undefined ? {} : { cutoffStore }),
      // A profile whose human travels in an app-signed act assertion: the API checks both headers.
      ...(layout === 'legacy' && profile.legacyHuman === 'bound-act-assertion'
        ? {
            boundActAssertion: {
              actAudience: idp.audience,
              appKeys: idp.app.publicKeyPem,
              ...(replayStore === undefined ? {} : { replayStore }),
            },
          }
        : {}),
    },
  );
  const server = await startHttpsServer(getRequestListener(handler), { ca: idp.ca });
  return {
    url: `${server.url}/api/balance`,
    agentRule:
      layout === 'legacy' ? idp.profile.agentGrant.describe : 'a pre-approved agent in act.sub',
    decisions,
    close: () => server.close(),
  };
}
