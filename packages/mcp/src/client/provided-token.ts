import {
  assertDualSubjectToken,
  assertTokenFor,
  type UncheckedIdentityNote,
} from '@dual-auth/client';
import type { DualSubjectToken, TokenProviderIdentity } from '@dual-auth/core';

/**
 * The checks `@dual-auth/client`'s `callApi` makes of a provider's token, before it is sent: a
 * usable {@link DualSubjectToken} (not a copy revived from its JSON, whose `accessToken` is the
 * redaction placeholder), asked for the agent and human `identity` names (a field either side
 * leaves out is not compared, and `unchecked` is told each field `identity` names that the token
 * leaves out, as the client's `uncheckedIdentityNote` logs it).
 *
 * @throws TypeError from the client, naming the field, never a token or an id.
 */
export function assertProvidedToken(
  token: unknown,
  identity: TokenProviderIdentity | undefined,
  unchecked: UncheckedIdentityNote,
): asserts token is DualSubjectToken {
  assertDualSubjectToken(token, 'tokenProvider.getToken() result');
  assertTokenFor(identity ?? {}, token, 'tokenProvider.getToken() gave a token for', unchecked);
}
