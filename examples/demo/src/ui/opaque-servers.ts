import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { createTokenIntrospection } from '@dual-auth/resource';
import type { LocalIdp } from '@dual-auth/testing';
import { type DemoApi, startDemoApi } from '../demo-api.js';
import { addOtherHuman } from './other-human.js';
import { answerRecordingFetch } from './shown-introspection.js';

/** The servers of the introspect and end-delegation steps. */
export interface OpaqueServers {
  /** The vendor's local IdP, issuing opaque (reference) access tokens for the API. */
  readonly idp: LocalIdp;
  /** The API reading those tokens by RFC 7662 introspection, and the humans' cut-offs. */
  readonly api: DemoApi;
  /** The cut-offs `endDelegation` writes and the API reads. */
  readonly cutoffStore: InMemoryDelegationCutoffStore;
  /** Every answer the API's introspection client got, oldest first (kept on the server). */
  readonly introspections: Record<string, unknown>[];
  close(): Promise<void>;
}

/**
 * Starts, for one vendor, a local IdP that issues opaque access tokens (with `carol` added beside
 * alice and bob) and a demo API that reads them through the IdP's introspection endpoint as its
 * own client (`client_secret_basic`) and refuses tokens of a human cut off in `cutoffStore`.
 */
export async function startOpaqueServers(
  startIdp: (vendor: string, options: { accessTokenFormat: 'opaque' }) => Promise<LocalIdp>,
  vendor: string,
): Promise<OpaqueServers> {
  const idp = await startIdp(vendor, { accessTokenFormat: 'opaque' });
  addOtherHuman(idp);
  const introspections: Record<string, unknown>[] = [];
  const cutoffStore = new InMemoryDelegationCutoffStore();
  const introspection = createTokenIntrospection({
    endpoint: idp.introspectionUrl,
    clientId: idp.apiClient.clientId,
    clientSecret: idp.apiClient.clientSecret,
    fetch: answerRecordingFetch(idp.fetch, introspections),
  });
  const api = await startDemoApi(idp, { introspection, cutoffStore });
  return {
    idp,
    api,
    cutoffStore,
    introspections,
    close: async () => {
      await api.close();
      await idp.close();
    },
  };
}
