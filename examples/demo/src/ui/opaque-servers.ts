import { randomUUID } from 'node:crypto';
import { InMemoryDelegationCutoffStore } from '@dual-auth/core';
import { createTokenIntrospection } from '@dual-auth/resource';
import type { LocalIdp } from '@dual-auth/testing';
import { type DemoApi, startDemoApi } from '../demo-api.js';
import { answerRecordingFetch } from './shown-introspection.js';

/** A third human with FinanceUser, whose delegations go on when alice's end. */
export const OTHER_HUMAN = 'carol';

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

/** An id for `carol` shaped like alice's: `carol@<domain>` for a UPN, `<prefix>|<uuid>` for Auth0. */
function otherHumanId(aliceSub: string | undefined): string {
  const at = aliceSub?.indexOf('@') ?? -1;
  if (aliceSub !== undefined && at !== -1) return `${OTHER_HUMAN}${aliceSub.slice(at)}`;
  const bar = aliceSub?.indexOf('|') ?? -1;
  return `${aliceSub?.slice(0, bar + 1) ?? ''}${randomUUID()}`;
}

/** Adds `carol` (FinanceUser) beside the vendor's alice and bob, with an `oid` where alice has one. */
function addOtherHuman(idp: LocalIdp): void {
  const alice = [...idp.humans.values()].find((human) => human.username === 'alice');
  idp.addHuman({
    sub: otherHumanId(alice?.sub),
    username: OTHER_HUMAN,
    roles: ['FinanceUser'],
    ...(alice?.oid === undefined ? {} : { oid: randomUUID() }),
  });
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
