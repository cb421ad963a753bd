// The DPoP key part of an adapter id, ` dpop:<prover id>`: the id is visible ASCII without spaces
// (the adapter kit's `dpop` option refuses others), so this part is always the id's last one.
const DPOP_KEY_PART = / dpop:[!-~]{1,256}$/;

/**
 * The part an adapter of the adapter kit with the `dpop` option adds to its `IamAdapter.id`:
 * `dpop:<prover id>`, last, so that a token cache never hands a token bound to one key to an
 * adapter proving with another (RFC 9449 §6). {@link adapterIdWithoutKey} takes it off.
 */
export function dpopKeyPart(proverId: string): string {
  return `dpop:${proverId}`;
}

/**
 * An `IamAdapter.id` without its DPoP key part (` dpop:<prover id>`, which the adapter kit's `dpop` option adds):
 * the same for every instance of one IdP client, whatever key each proves with, and the id itself
 * for an adapter without DPoP. Tokens are bound to one key, but they are revoked with the client's
 * authentication alone (RFC 7009 §2.1; RFC 9449 asks for proofs at the token endpoint and at
 * resources only), so a token cache's `tokensOf` lists by it: ending a human's delegation from
 * one instance revokes the tokens every instance cached.
 *
 * @example
 * adapterIdWithoutKey('keycloak https://idp/token finance-agent dpop:Zk3…'); // 'keycloak https://idp/token finance-agent'
 */
export function adapterIdWithoutKey(adapterId: string): string {
  return adapterId.replace(DPOP_KEY_PART, '');
}
