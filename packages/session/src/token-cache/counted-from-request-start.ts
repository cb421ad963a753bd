import { createDualSubjectToken, type DualSubjectToken, shownScopeOf } from '@dual-auth/core';
import { issueTimeOf } from './issued-at-or-before.js';

/**
 * `token` with its lifetime counted from `startedAtMs`, when its request started, rather than
 * from when the answer came: the IdP minted it no earlier than the start, so `expires_in`
 * counted from there (RFC 6749 §5.1) never outlives the token, and its `issuedAt` (the issue time
 * the cache judges a delegation cut-off by, see `issueTimeOf`) is at or before the true one. A
 * store shared by several instances (Redis) keeps `issuedAt`, so the start travels with the
 * token: another instance judges a cut-off by it, not by this one's receive time, nor by
 * `expiresAt - expiresIn × 1000`, which a cap by `notAfter` (Entra's act assertion) puts nearly a
 * lifetime early. A token already counted from the start or earlier (`startedAtMs` from a clock
 * ahead of the adapter's), or whose issue time is not a finite number, is given back as it is;
 * `expiresAt` is never moved later, so a cap by `notAfter` stays. Its string forms show the scope
 * as `token`'s did (a per-user scope naming the human stays blanked); it records whom it was
 * asked for as `token` does (`humanId`, `agentId`).
 */
export function countedFromRequestStart(
  token: DualSubjectToken,
  startedAtMs: number,
): DualSubjectToken {
  // An issue time that cannot be read (NaN) is not recounted: it stays unreadable, so refused.
  if (!(issueTimeOf(token) > startedAtMs)) return token;
  return createDualSubjectToken({
    accessToken: token.accessToken,
    tokenType: token.tokenType,
    expiresIn: token.expiresIn,
    scope: token.scope,
    // Shown as the token showed it: the human blanked by the adapter's people, not emails alone.
    shownScope: shownScopeOf(token),
    actAssertion: token.actAssertion,
    // Who it was asked for: the client refuses to send it beside another's identity.
    humanId: token.humanId,
    agentId: token.agentId,
    issuedAt: startedAtMs,
    notAfter: token.expiresAt,
  });
}
