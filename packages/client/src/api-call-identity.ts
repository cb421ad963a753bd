import type { TokenProviderIdentity } from '@dual-auth/core';

/**
 * Who an API call is made for, as IAM identifiers for logs and hooks: the agent's client id and
 * the human's `act.sub`. Never an email, name or token.
 *
 * The client does not decode the access token to find these: tokens may be opaque, and Entra ID's
 * carries no `act`. The caller (or the {@link TokenProvider}) states them.
 */
export type ApiCallIdentity = TokenProviderIdentity;
