import { ConfigurationError } from '../errors/configuration-error.js';

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
 * The `IamAdapter.id` of an adapter of the adapter kit: its settings' values (`[name, value]`, in
 * order; undefined ones left out) joined by spaces, then {@link dpopKeyPart} of `proverId` when it
 * proves possession of a key. Settings whose joined values end like a key part (` dpop:<id>`: a
 * client id or audience `api dpop:x`, or the last one `dpop:x`) are refused, as
 * {@link adapterIdWithoutKey} would take that part off: such a client would share a token cache's
 * `tokensOf` with another, or have the id of another one proving with a key. Every other id is
 * as it was, so a cache's entries stay found.
 *
 * @throws ConfigurationError naming the last setting, never its value, when the ids would be
 * ambiguous.
 * @example
 * adapterIdOf([['vendor', 'okta'], ['clientId', 'agent-1']], 'Zk3'); // 'okta agent-1 dpop:Zk3'
 */
export function adapterIdOf(
  settings: readonly (readonly [name: string, value: string | undefined])[],
  proverId?: string,
): string {
  const given = settings.filter((setting): setting is [string, string] => setting[1] !== undefined);
  const id = given.map(([, value]) => value).join(' ');
  if (DPOP_KEY_PART.test(id)) {
    const name = given[given.length - 1]?.[0] ?? 'id';
    throw new ConfigurationError({
      message: `Adapter id: its ${name} ends with " dpop:…", the form of the DPoP key part that token caches take off an adapter id (or is "dpop:…", joined by a space): use one without it`,
      variable: name,
    });
  }
  return proverId === undefined ? id : `${id} ${dpopKeyPart(proverId)}`;
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
