import { type Act, StoreUnavailableError } from '@dual-auth/core';
import type { JWTPayload } from 'jose';
import { accessTokenDigest } from './access-token-digest.js';
import { DualSubjectVerificationError } from './dual-subject-verification-error.js';
import { parseAct } from './parse-act.js';
import { verifyJwt } from './verify-jwt.js';
import type { EntraActAssertionOptions } from './verify-options.js';

/** What {@link verifyActAssertion} binds the assertion to. */
export interface ActAssertionContext {
  entra: EntraActAssertionOptions;
  /** The verified access token's claims and its agent (`appid`/`azp`). */
  accessToken: JWTPayload;
  /** The access token as sent: the assertion's `jti` is bound to its digest. */
  rawAccessToken: string;
  agentId: string;
  clockToleranceSeconds: number;
  now: number;
  maxLength: number;
}

const DEFAULT_MAX_LIFETIME_SECONDS = 300;

function refuse(
  reason: 'binding_mismatch' | 'missing_jti' | 'ttl_too_long' | 'replayed',
  claim: string,
  message: string,
): DualSubjectVerificationError {
  return new DualSubjectVerificationError({ credential: 'act_assertion', reason, claim, message });
}

/**
 * Verifies an Entra ID act assertion and binds it to the access token it came with: signed by the
 * app key, for `actAudience`, `iss` = `sub` = the token's agent, issued within the token's
 * lifetime, not longer-lived than `maxLifetimeSeconds`, and its `jti` never seen before with any
 * other access token. The `jti` is claimed with the SHA-256 of the access token as binding: the
 * same token + assertion pair may be sent again while the assertion lives (cached tokens,
 * retries), but the assertion can never be paired with another token. The replay claim comes
 * last, so a refused assertion does not burn its `jti`.
 */
export async function verifyActAssertion(
  assertion: string,
  context: ActAssertionContext,
): Promise<Act> {
  const { entra, accessToken, agentId, clockToleranceSeconds: tolerance } = context;
  const claims = await verifyJwt(assertion, {
    credential: 'act_assertion',
    keys: entra.appKeys,
    algorithms: entra.algorithms ?? ['RS256'],
    audience: entra.actAudience,
    clockToleranceSeconds: tolerance,
    now: context.now,
    maxLength: context.maxLength,
  });
  if (claims.iss !== agentId || claims.sub !== agentId) {
    throw refuse(
      'binding_mismatch',
      claims.iss === agentId ? 'sub' : 'iss',
      "Act assertion was not issued by the access token's agent application",
    );
  }
  const iat = claims.iat as number;
  const exp = claims.exp as number;
  const tokenIat = accessToken.iat as number;
  const tokenExp = accessToken.exp as number;
  if (iat < tokenIat - tolerance || iat > tokenExp) {
    throw refuse(
      'binding_mismatch',
      'iat',
      "Act assertion was not issued within the access token's lifetime",
    );
  }
  const maxLifetime = entra.maxLifetimeSeconds ?? DEFAULT_MAX_LIFETIME_SECONDS;
  if (exp - iat > maxLifetime) {
    throw refuse('ttl_too_long', 'exp', `Act assertion lives longer than ${maxLifetime} seconds`);
  }
  if (typeof claims.jti !== 'string' || claims.jti.length === 0) {
    throw refuse(
      'missing_jti',
      'jti',
      'Act assertion has no "jti", so it cannot be checked for replay',
    );
  }
  const act = parseAct(claims.act, 'act_assertion');
  let first: boolean;
  try {
    first = await entra.replayStore.claim(
      `act-assertion:${agentId}:${claims.jti}`,
      (exp + tolerance) * 1000,
      { binding: await accessTokenDigest(context.rawAccessToken) },
    );
  } catch (cause) {
    if (!StoreUnavailableError.isInstance(cause)) throw cause;
    throw new DualSubjectVerificationError({
      credential: 'act_assertion',
      reason: 'replay_store_unavailable',
      message: 'Act assertion could not be checked for replay: the replay store did not answer',
      cause,
    });
  }
  if (!first) {
    throw refuse(
      'replayed',
      'jti',
      'Act assertion was already used with another access token (replayed "jti")',
    );
  }
  return act;
}
