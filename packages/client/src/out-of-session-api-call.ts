import { ApiCall } from './api-call.js';

/**
 * {@link ApiCall} for the out-of-session flow (a remote agent acting on a verified act JWT; the
 * token came from `OutOfSessionTokenRequest`). Python's `OutOfSessionAPICall`.
 *
 * @example
 * import { OutOfSessionApiCall } from '@dual-auth/client';
 *
 * const api = new OutOfSessionApiCall();
 * const response = await api.callApi({
 *   method: 'POST',
 *   apiUrl: 'https://api.example.com/reports',
 *   tokenProvider,
 *   json: { month: '2025-01' },
 * });
 */
export class OutOfSessionApiCall extends ApiCall {
  protected override initEvent(): string {
    return 'outofsession_api_handler_init';
  }
}

/** Python parity name for {@link OutOfSessionApiCall}. */
export const OutOfSessionAPICall = OutOfSessionApiCall;
/** Python parity name for {@link OutOfSessionApiCall}. */
export type OutOfSessionAPICall = OutOfSessionApiCall;
