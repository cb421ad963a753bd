import { MAX_JTI_LENGTH } from './jwt-claims.js';
import { sha256Base64url } from './sha256-base64url.js';

/**
 * The replay-store key a token's `jti` is claimed under, in a namespace of its own:
 * - `<namespace>:<issuer>:<jti>` when that fits `MAX_JTI_LENGTH` (256 characters, what a shared
 *   store such as `RedisReplayStore` accepts) and `issuer` holds no `:`;
 * - else `<namespace>-sha256:` and the base64url (43 characters) of the SHA-256 of the UTF-8 JSON
 *   pair `[issuer, jti]`: an issuer holding `:` (the plain key's separator: issuer `a:b` with
 *   `jti` `c` and issuer `a` with `jti` `b:c` would share one) or a key that would be too long.
 *
 * `issuer` is who the `jti` is unique for (RFC 7519 §4.1.7: "unique ... for a given issuer"; the
 * application id of an act assertion, the `iss` of an act JWT). Every `jti` a verifier accepts
 * can thus be claimed in every store, two different (issuer, `jti`) pairs of one namespace never
 * share a key, no key of one namespace is a key of another (a digest key holds one `:`, a plain
 * one at least two), and the plain key of an issuer without `:` is what it always was, so a
 * shared store keeps its claims across an upgrade. A string in the common case, a promise only
 * when it hashes: no extra async frame per token. The digest is Web Crypto's, of the same bytes
 * on Node (`Buffer`) as elsewhere (`TextEncoder`), so it runs everywhere.
 *
 * @param namespace - what kind of token (`act-jwt`, `act-assertion`): a non-empty name without `:`.
 * @throws TypeError when `namespace` is empty or holds `:` (two namespaces could then share keys).
 * @example
 * namespacedReplayKey('act-jwt', 'agent', 'jti-1'); // 'act-jwt:agent:jti-1'
 * await namespacedReplayKey('act-jwt', 'https://agent.example', 'jti-1'); // 'act-jwt-sha256:…'
 */
export function namespacedReplayKey(
  namespace: string,
  issuer: string,
  jti: string,
): string | Promise<string> {
  if (namespace === '' || namespace.includes(':')) {
    throw new TypeError(
      `namespacedReplayKey: namespace must be a non-empty name without ":", got ${JSON.stringify(namespace)}`,
    );
  }
  const key = `${namespace}:${issuer}:${jti}`;
  if (key.length <= MAX_JTI_LENGTH && !issuer.includes(':')) return key;
  return digestKey(namespace, issuer, jti);
}

async function digestKey(namespace: string, issuer: string, jti: string): Promise<string> {
  return `${namespace}-sha256:${await sha256Base64url(JSON.stringify([issuer, jti]))}`;
}
