import { type KnownOptions, refuseUnknownOptions } from '../config/refuse-unknown-options.js';
import type { TokenRequest } from '../contracts/iam-adapter.js';

/** The fields of a {@link TokenRequest}, for `refuseUnknownOptions`. */
const TOKEN_REQUEST_FIELDS = {
  agentId: true,
  act: true,
  scope: true,
  subjectToken: true,
  signal: true,
} as const satisfies KnownOptions<TokenRequest>;

/**
 * Refuses a key of an adapter's `requestToken` request that is not a {@link TokenRequest} field,
 * as `InSessionTokenRequest.requestToken` does: `scopes`, Python's `agent_id`, or `human` in place
 * of `act` is named, with "did you mean scope?", instead of the missing field's message; a key
 * beside the right ones is never dropped without a word. Anything but an object is left to the
 * request's other checks.
 *
 * @param owner - The adapter's class name, as the message names the call
 *   (`KeycloakAdapter.requestToken`).
 * @throws TypeError naming the key and the field meant, as {@link refuseUnknownOptions}.
 */
export function refuseUnknownRequestFields(request: unknown, owner: string): void {
  refuseUnknownOptions(request, TOKEN_REQUEST_FIELDS, `${owner}.requestToken`);
}
