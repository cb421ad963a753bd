/**
 * The request header that carries the app-signed act assertion of the hybrid layout (Entra ID): the
 * access token names the agent, this JWT names the human. Header names are case-insensitive
 * (RFC 9110 §5.1); this is the spelling the reference sends. See `docs/wire-format.md`.
 */
export const ACT_ASSERTION_HEADER = 'X-Act-Assertion';
