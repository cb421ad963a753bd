import { ApiCall } from './api-call.js';

/**
 * {@link ApiCall} for the in-session flow (the human is logged in; the token came from
 * `InSessionTokenRequest`). Python's `InSessionAPICall`.
 *
 * @example
 * import { InSessionApiCall } from '@dual-auth/client';
 *
 * const api = new InSessionApiCall({ timeout: 10_000 });
 * const response = await api.callApi({
 *   apiUrl: 'https://api.example.com/accounts',
 *   tokenResponse: token,
 *   params: { limit: 10 },
 *   identity: { agentId: 'agent-1', humanId: act.sub },
 * });
 */
export class InSessionApiCall extends ApiCall {
  protected override initEvent(): string {
    return 'insession_api_handler_init';
  }
}

/** Python parity name for {@link InSessionApiCall}. */
export const InSessionAPICall = InSessionApiCall;
/** Python parity name for {@link InSessionApiCall}. */
export type InSessionAPICall = InSessionApiCall;
