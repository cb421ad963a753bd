import {
  ActVerificationError,
  type DoctorAppKeyAdvice,
  DualAuthError,
  type VendorConfig,
} from '@dual-auth/core';
import { importPrivateKey, jwksDownloadFailure, type KeyInput } from '@dual-auth/core/adapter-kit';
import {
  clientIdOf,
  type TokenProfile,
  type VerificationKeys,
  verifyJwt,
} from '@dual-auth/core/jwt';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import type { CheckOutcome } from './check-token.js';
import { claimValues } from './claim-values.js';
import { isConfigurationFault } from './network-failure.js';
import { statusNoRetryCures } from './status-no-retry-cures.js';

/** The key the API verifies act assertions with, and where the doctor got it (for the report). */
export interface ApiAppKeys {
  /** PEM text (SPKI or certificate), a public JWK, or a JWKS resolver. */
  readonly keys: VerificationKeys;
  /** Where it came from, named in the report: `--app-public-key-file`, `APP_PUBLIC_KEY`, … */
  readonly source: string;
}

type Claims = Readonly<Record<string, unknown>>;

// What @dual-auth/resource allows by default (verify-bound-act-assertion.ts, verify-options.ts).
const MAX_LIFETIME_SECONDS = 300;
const CLOCK_TOLERANCE_SECONDS = 60;
const MAX_TOKEN_BYTES = 16_384;

/**
 * What made the JWKS download behind a `key_unavailable` refusal fail for a cause a retry may
 * cure, as core judges it (`jwksDownloadFailure`: 5xx, 408, 429, no answer): `HTTP <status>`, or
 * `no answer` unless this machine's configuration is at fault (`isConfigurationFault`: an
 * untrusted certificate, a host the DNS does not know, a bad port); `undefined` otherwise. Read
 * after `statusNoRetryCures`, which takes 505 and 511 out of the 5xx.
 */
function outageOf(error: ActVerificationError): string | undefined {
  const failure = jwksDownloadFailure(error);
  if (failure?.unreachable !== true) return undefined;
  if (failure.status !== undefined) return `HTTP ${failure.status}`;
  return isConfigurationFault(error.cause) ? undefined : 'no answer';
}

/**
 * The first half of the `app-key` check, before any request: the app's private key loads for the
 * advice's algorithm (PKCS#8 or PKCS#1 PEM, a JWK). Its message names the variable, never the key.
 *
 * @returns a failed outcome with the key fix, or `undefined` when the key loads.
 */
export async function loadAppKey(
  advice: DoctorAppKeyAdvice,
  config: VendorConfig,
): Promise<CheckOutcome | undefined> {
  const key = advice.privateKey(config);
  const fail = (detail: string): CheckOutcome => ({
    id: 'app-key',
    status: 'fail',
    detail,
    fix: advice.keyFix,
  });
  if (key === undefined || key === '') return fail(`no app key: set ${advice.privateKeyName}`);
  try {
    await importPrivateKey(key as KeyInput, advice.alg, { name: advice.privateKeyName });
    return undefined;
  } catch (error) {
    if (!DualAuthError.isInstance(error) && !(error instanceof TypeError)) throw error;
    return fail(`the app key does not load: ${error.message}`);
  }
}

/**
 * The second half of the `app-key` check, on the act assertion that came with the token: signed
 * with the advice's algorithm, `iss` = `sub` = the token's agent, naming the human, with an `aud`,
 * a `jti`, issued within the token's lifetime, and — when the API's key is given — verified with
 * it as `@dual-auth/resource` does (signature, `aud`, lifetime ≤ 300 s). Without the API's key the
 * outcome is `skip`, saying what was not verified. A JWKS URL that met an outage (core's verdict on
 * the download: refused, HTTP 5xx, a timeout) fails `unavailable`, with no fix: retry later (exit 3);
 * HTTP 505 and 511 fail with what to do (`statusNoRetryCures`: a network sign-in, a URL naming
 * another server), and an answer that is no JWKS with the fix. Details name IAM identifiers only.
 */
export async function checkActAssertion(input: {
  readonly assertion: string | undefined;
  readonly tokenClaims: Claims;
  readonly tokenProfile: TokenProfile;
  readonly human: string;
  readonly advice: DoctorAppKeyAdvice;
  readonly apiKeys: ApiAppKeys | undefined;
  readonly nowMs: number;
}): Promise<CheckOutcome> {
  const { advice, apiKeys } = input;
  const fail = (detail: string, fix = advice.keyFix): CheckOutcome => ({
    id: 'app-key',
    status: 'fail',
    detail,
    fix,
  });
  if (input.assertion === undefined) return fail('no act assertion came with the token');
  let header: Claims;
  let claims: Claims;
  try {
    header = decodeProtectedHeader(input.assertion);
    claims = decodeJwt(input.assertion);
  } catch {
    return fail('the act assertion is not a JWT');
  }
  if (header.alg !== advice.alg) {
    return fail(`the act assertion is signed ${String(header.alg)}, not ${advice.alg}`);
  }
  const agent = clientIdOf(input.tokenProfile, input.tokenClaims);
  if (claims.iss !== agent || claims.sub !== agent) {
    return fail(
      `the act assertion is issued by ${String(claims.iss)} (sub ${String(claims.sub)}), not by the token's agent ${String(agent)}: @dual-auth/resource refuses it (binding_mismatch)`,
    );
  }
  const act = claims.act as Claims | undefined;
  if (typeof act !== 'object' || act === null || act.sub !== input.human) {
    return fail('the act assertion does not name the human given with --human');
  }
  const audience = typeof claims.aud === 'string' ? [claims.aud] : claimValues(claims, 'aud');
  if (audience.length === 0) return fail('the act assertion has no "aud"');
  if (!isText(claims.jti)) return fail('the act assertion has no "jti"');
  const { iat } = claims;
  const { iat: tokenIat, exp: tokenExp } = input.tokenClaims;
  if (
    typeof iat !== 'number' ||
    (typeof tokenIat === 'number' && iat < tokenIat - CLOCK_TOLERANCE_SECONDS) ||
    (typeof tokenExp === 'number' && iat > tokenExp)
  ) {
    return fail("the act assertion was not issued within the access token's lifetime");
  }
  const signed = `signed ${advice.alg} by ${agent}, names the human, aud ${audience.join(', ')}`;
  if (apiKeys === undefined) {
    return {
      id: 'app-key',
      status: 'skip',
      detail: `${signed}; not verified with the API's key: give --app-public-key-file, --app-jwks-uri or APP_PUBLIC_KEY`,
    };
  }
  try {
    await verifyJwt(input.assertion, {
      label: 'Act assertion',
      keys: apiKeys.keys,
      algorithms: [advice.alg],
      audience,
      nowMs: input.nowMs,
      clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
      maxTokenBytes: MAX_TOKEN_BYTES,
      maxLifetimeSeconds: MAX_LIFETIME_SECONDS,
      requireJti: true,
    });
  } catch (error) {
    if (!ActVerificationError.isInstance(error)) throw error;
    if (error.reason === 'key_unavailable') {
      const { status } = jwksDownloadFailure(error) ?? {};
      const noRetry =
        status === undefined ? undefined : statusNoRetryCures(status, '--app-jwks-uri');
      if (noRetry !== undefined) {
        return {
          id: 'app-key',
          status: 'fail',
          detail: `could not read the key the API holds from ${apiKeys.source} (HTTP ${status}): ${noRetry}`,
          local: true,
        };
      }
      const outage = outageOf(error);
      if (outage !== undefined) {
        return {
          id: 'app-key',
          status: 'fail',
          detail: `could not read the key the API holds from ${apiKeys.source} (${outage}): its key server is unavailable; retry later, and check that it is up if this persists`,
          unavailable: true,
        };
      }
      return fail(
        `could not read the key the API holds from ${apiKeys.source} (key_unavailable): check that it serves a JWKS over HTTPS, within --timeout-ms`,
        advice.mismatchFix,
      );
    }
    const keyProblem = ['bad_signature', 'unknown_key', 'unsupported_algorithm'].includes(
      error.reason,
    );
    return fail(
      `the key the API holds (${apiKeys.source}) does not verify the act assertion (${error.reason})`,
      keyProblem ? advice.mismatchFix : advice.keyFix,
    );
  }
  return { id: 'app-key', status: 'pass', detail: `${signed}; verifies with ${apiKeys.source}` };
}

function isText(value: unknown): value is string {
  return typeof value === 'string' && value !== '';
}
