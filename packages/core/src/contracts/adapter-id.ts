import { ConfigurationError } from '../errors/configuration-error.js';

/**
 * What separates the parts of an adapter kit's `IamAdapter.id`: U+001F (INFORMATION SEPARATOR
 * ONE), a control character no URL, client id or audience holds, so two configs never join into
 * one id (a space did: client `agent a` for API `b` and client `agent` for API `a b`).
 */
const SEPARATOR = '\u001F';

// The DPoP key part of an adapter id, `<U+001F>dpop:<prover id>`: the id is visible ASCII without
// spaces (the adapter kit's `dpop` option refuses others), so this part is always the id's last.
// biome-ignore lint/suspicious/noControlCharactersInRegex: U+001F separates the parts of an id
const DPOP_KEY_PART = /\u001Fdpop:[!-~]{1,256}$/;

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
 * order; undefined ones left out) joined by U+001F, then {@link dpopKeyPart} of `proverId` when it
 * proves possession of a key. A value that holds U+001F is refused, so no two configs share an id
 * (and a token cache entry). A last setting `dpop:<id>` (a client id or audience) is refused too,
 * as {@link adapterIdWithoutKey} would take it off: such a client would share a token cache's
 * `tokensOf` with another, or have the id of another one proving with a key.
 *
 * @throws ConfigurationError naming the setting, never its value, when a value holds U+001F or
 * the ids would be ambiguous.
 * @example
 * adapterIdOf([['vendor', 'okta'], ['clientId', 'agent-1']], 'Zk3'); // 'okta\u001Fagent-1\u001Fdpop:Zk3'
 */
export function adapterIdOf(
  settings: readonly (readonly [name: string, value: string | undefined])[],
  proverId?: string,
): string {
  const given = settings.filter((setting): setting is [string, string] => setting[1] !== undefined);
  for (const [name, value] of given) {
    if (value.includes(SEPARATOR)) {
      throw new ConfigurationError({
        message: `Adapter id: its ${name} holds U+001F, the character that separates the parts of an adapter id: remove it from the ${name}`,
        variable: name,
      });
    }
  }
  const id = given.map(([, value]) => value).join(SEPARATOR);
  if (DPOP_KEY_PART.test(id)) {
    const name = given[given.length - 1]?.[0] ?? 'id';
    throw new ConfigurationError({
      message: `Adapter id: its ${name} is "dpop:…", the form of the DPoP key part that token caches take off an adapter id: use one without it`,
      variable: name,
    });
  }
  return proverId === undefined ? id : `${id}${SEPARATOR}${dpopKeyPart(proverId)}`;
}

/**
 * An `IamAdapter.id` without its DPoP key part (U+001F then `dpop:<prover id>`, which the adapter kit's `dpop` option adds):
 * the same for every instance of one IdP client, whatever key each proves with, and the id itself
 * for an adapter without DPoP. Tokens are bound to one key, but they are revoked with the client's
 * authentication alone (RFC 7009 §2.1; RFC 9449 asks for proofs at the token endpoint and at
 * resources only), so a token cache's `tokensOf` lists by it: ending a human's delegation from
 * one instance revokes the tokens every instance cached.
 *
 * @example
 * adapterIdWithoutKey('keycloak\u001Fhttps://idp/token\u001Ffinance-agent\u001Fdpop:Zk3…');
 * // 'keycloak\u001Fhttps://idp/token\u001Ffinance-agent'
 */
export function adapterIdWithoutKey(adapterId: string): string {
  return adapterId.replace(DPOP_KEY_PART, '');
}
