import { MAX_JTI_LENGTH } from '@dual-auth/core/jwt';
import { accessTokenDigest } from './access-token-digest.js';

const PREFIX = 'act-assertion:';
// Its own namespace, so a digest can never equal a key claimed in full.
const DIGEST_PREFIX = 'act-assertion-sha256:';

/**
 * The replay-store key an act assertion's `jti` is claimed under: `act-assertion:<app id>:<jti>`,
 * or `act-assertion-sha256:` and the base64url SHA-256 of the app id and the `jti` when the plain
 * key would be longer than `MAX_JTI_LENGTH` (256, what a shared store such as `RedisReplayStore`
 * accepts) or the app id holds `:` (the plain key's separator: app `a:b` with `jti` `c` and app `a`
 * with `jti` `b:c` would share one). Every `jti` the verifier accepts can thus be claimed in every
 * store, two different (app id, `jti`) pairs never share a key, and the key of an app id without
 * `:` is what it always was, so a shared store keeps its claims across an upgrade. Web Crypto, so
 * it runs everywhere.
 */
export async function actAssertionReplayKey(appId: string, jti: string): Promise<string> {
  const key = `${PREFIX}${appId}:${jti}`;
  if (key.length <= MAX_JTI_LENGTH && !appId.includes(':')) return key;
  // The same SHA-256 as the access token's binding digest, of the pair as JSON (unambiguous).
  return `${DIGEST_PREFIX}${await accessTokenDigest(JSON.stringify([appId, jti]))}`;
}
