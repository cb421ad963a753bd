/**
 * The longest act JWT lifetime, in seconds, the sender mints (`HybridSender`'s `maxTtlSeconds`) and
 * the verifier accepts (`ActJwtVerifier`'s `maxLifetimeSeconds`), and so the longest
 * `delegationSeconds` of `tokenProviderFromJwt` (a delegation ends with its act JWT): an hour, as
 * resource's `boundActAssertion.maxLifetimeSeconds`. An act JWT is made for a request and lives
 * minutes (60 s by default); `60_000`, a minute in milliseconds, would let act JWTs live 16 hours.
 */
export const MAX_ACT_JWT_LIFETIME_SECONDS = 3600;
/** Why {@link MAX_ACT_JWT_LIFETIME_SECONDS}, for `checkSecondsOption`'s message. */
export const ACT_JWT_LIVES_MINUTES = 'an hour; an act JWT lives minutes';
