import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import {
  createAdapter,
  type DelegationCutoffStore,
  InMemoryDelegationCutoffStore,
} from '@dual-auth/core';
import type { LocalIdp } from '@dual-auth/testing';
import { HybridSender } from '../src/hybrid-sender.js';
import { OutOfSessionTokenRequest } from '../src/out-of-session-token-request.js';
import { SingleFlightTokenCache } from '../src/token-cache/single-flight-token-cache.js';
import { recordingLogger } from './counting-adapter.js';

/** The agent endpoint the act JWTs of the local-IdP agent are for. */
export const LOCAL_AGENT_ENDPOINT = 'https://agent.example/invoke';

/**
 * An agent in another process than the web app, against the local IdP `idp` (a keycloak one) as
 * `finance-agent`: its own cache, which `endDelegation` cannot reach, a recording logger, and
 * `cutoffStore` (default: a fresh in-memory one) shared with whoever ends delegations; `sender`
 * signs act JWTs with the IdP's app key. Its token requests to the IdP are counted
 * (`idpRequests()`), and `hold()` keeps the next one at the IdP's door until `release()` (a slow
 * IdP), so a cut-off can land while it is in flight.
 */
export async function localIdpAgent(
  idp: LocalIdp,
  cutoffStore: DelegationCutoffStore = new InMemoryDelegationCutoffStore(),
) {
  let idpRequests = 0;
  let gate: { entered: () => void; open: Promise<void> } | undefined;
  const fetch: typeof globalThis.fetch = async (input, init) => {
    if (String(input) === idp.tokenUrl) {
      idpRequests += 1;
      const held = gate;
      gate = undefined;
      if (held !== undefined) {
        held.entered();
        await held.open;
      }
    }
    return idp.fetch(input, init);
  };
  const adapter = await createAdapter(undefined, {
    env: idp.env('finance-agent'),
    plugins: [keycloakPlugin],
    fetch,
  });
  const cache = new SingleFlightTokenCache();
  const logger = recordingLogger();
  const outOfSession = new OutOfSessionTokenRequest({
    adapter,
    cache,
    logger,
    publicKey: idp.app.publicKeyPem,
    expectedAudience: LOCAL_AGENT_ENDPOINT,
    cutoffStore,
  });
  const sender = new HybridSender({ privateKey: idp.app.privateKeyPem });
  const hold = () => {
    let release!: () => void;
    let entered!: () => void;
    const inIdp = new Promise<void>((resolve) => {
      entered = resolve;
    });
    gate = { entered, open: new Promise<void>((resolve) => (release = resolve)) };
    return { inIdp, release };
  };
  return {
    outOfSession,
    cutoffStore,
    logger,
    sender,
    hold,
    cachedFor: (sub: string) => cache.tokensOf(sub, adapter.id),
    idpRequests: () => idpRequests,
  };
}
