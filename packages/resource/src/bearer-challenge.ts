import { requireValue } from '@dual-auth/core';
/** The parameters of an RFC 6750 `WWW-Authenticate: Bearer` challenge. */
export interface BearerChallenge {
  realm?: string | undefined;
  /** Omitted when the request carried no credentials at all (RFC 6750 §3.1). */
  error?: 'invalid_request' | 'invalid_token' | 'insufficient_scope' | undefined;
  description?: string | undefined;
  scope?: string | undefined;
}

// RFC 6750 §3: error_description and scope allow %x20-21 / %x23-5B / %x5D-7E only (no " or \).
// A section sign is written out, so a remedy's "RFC 8705 §3" does not read "RFC 8705 3".
function quoted(value: string): string {
  const printable = value.replace(/"/g, "'").replace(/§ ?/g, 'section ');
  return `"${printable.replace(/[^\x20-\x21\x23-\x5B\x5D-\x7E]/g, '')}"`;
}

/**
 * The parameters of an RFC 9449 §7.1 `WWW-Authenticate: DPoP` challenge: a Bearer challenge's,
 * the errors `invalid_dpop_proof` and `use_dpop_nonce` (§9), and `algs`, the proof algorithms accepted.
 */
export interface DpopChallenge extends Omit<BearerChallenge, 'error'> {
  error?: BearerChallenge['error'] | 'invalid_dpop_proof' | 'use_dpop_nonce' | undefined;
  algs: readonly string[];
}

function challengeOf(challenge: Omit<DpopChallenge, 'algs'>): string[] {
  return [
    challenge.realm === undefined ? undefined : `realm=${quoted(challenge.realm)}`,
    challenge.error === undefined ? undefined : `error="${challenge.error}"`,
    challenge.description === undefined
      ? undefined
      : `error_description=${quoted(challenge.description)}`,
    challenge.scope === undefined ? undefined : `scope=${quoted(challenge.scope)}`,
  ].filter((param) => param !== undefined);
}

function joined(scheme: 'Bearer' | 'DPoP', params: readonly string[]): string {
  return params.length === 0 ? scheme : `${scheme} ${params.join(', ')}`;
}

/**
 * Formats a `WWW-Authenticate` value, e.g.
 * `Bearer realm="api", error="invalid_token", error_description="Access token has expired"`.
 */
export function bearerChallenge(challenge: BearerChallenge): string {
  requireValue(challenge, 'challenge', 'object');
  return joined('Bearer', challengeOf(challenge));
}

/**
 * Formats a `WWW-Authenticate` DPoP challenge (RFC 9449 §7.1), e.g.
 * `DPoP error="invalid_dpop_proof", error_description="DPoP proof has expired", algs="ES256"`.
 */
export function dpopChallenge(challenge: DpopChallenge): string {
  return joined('DPoP', [...challengeOf(challenge), `algs=${quoted(challenge.algs.join(' '))}`]);
}
