import type { TokenRequestError } from '@dual-auth/core';
import type { CheckOutcome } from './check-token.js';
import {
  describeNetworkFailure,
  isConfigurationFault,
  type TokenEndpoint,
} from './network-failure.js';
import { statusNoRetryCures } from './status-no-retry-cures.js';

const AUTHENTICATION = new Set(['invalid_client', 'unauthorized_client']);
const AUDIENCE = new Set(['invalid_target', 'invalid_resource']);
// 501: the server does not take the method at all (RFC 9110 §15.6.2), as a static file server answers a POST.
const NOT_A_TOKEN_ENDPOINT = new Set([404, 405, 501]);
// Too Many Requests (RFC 6585 §4) and the other server errors (RFC 9110 §15.6): retry later.
const isUnavailableStatus = (status: number) =>
  status === 429 || (status >= 500 && !NOT_A_TOKEN_ENDPOINT.has(status));

/**
 * Which check a failed token request fails, from the IdP's answer (RFC 6749 §5.2 codes): no answer
 * fails `token-endpoint` (`no answer within <timedOutAfterMs> ms` when the deadline passed, or
 * that the body came too slowly after `answeredStatus`'s headers; with `endpoint`, the cause the
 * operator can act on: `describeNetworkFailure`), and
 * so does an answer that is no token endpoint's (HTTP 404/405/501, or no OAuth `error` code and no
 * 401); `invalid_client`/401 fails `client-authentication`; `invalid_scope`
 * fails `scopes`; `invalid_target` fails `audience`; any other refusal `client-authentication`,
 * with the IdP's code. The IdP's own description is kept (trimmed IdP text, no secret). A token the
 * adapter refused (`error.mismatch`) fails `human` (another human, no `act`) or
 * `client-authentication` (issued to another client) with the adapter's message, which names the
 * claim, never its value. With `subjectTokenGiven` (a delegation mode), `invalid_grant` fails
 * `human`: the IdP refused the human's token (RFC 6749 §5.2, RFC 8693 §2.2.2), having
 * authenticated the client. The doctor's deadline passing, no answer for a cause a retry may cure
 * (core marks it `retryable`: refused, a timeout, a reset; not an untrusted certificate, a handshake
 * with a non-HTTPS port, a blocked port, a host name the DNS does not know, an answer with too many
 * Content-Encodings, an unexpected error), and an answer of HTTP 429 or 5xx but 501, 505 and 511,
 * fail `token-endpoint` with `unavailable`; 505 and 511 fail it with what to do instead
 * (`statusNoRetryCures`).
 */
export function outcomesOfTokenFailure(
  error: TokenRequestError,
  timedOutAfterMs?: number,
  endpoint?: TokenEndpoint,
  answeredStatus?: number,
  subjectTokenGiven = false,
): CheckOutcome[] {
  if (error.status === undefined) {
    const within = timedOutAfterMs === undefined ? '' : ` within ${timedOutAfterMs} ms`;
    const detail =
      endpoint === undefined
        ? `no answer${within}: ${error.message}`
        : describeNetworkFailure(error, endpoint, timedOutAfterMs, answeredStatus);
    return [
      timedOutAfterMs !== undefined || (error.retryable && !isConfigurationFault(error))
        ? { id: 'token-endpoint', status: 'fail', detail, unavailable: true }
        : { id: 'token-endpoint', status: 'fail', detail },
    ];
  }
  if (error.mismatch !== undefined) {
    const answered = {
      id: 'token-endpoint',
      status: 'pass',
      detail: 'answered with a token',
    } as const;
    return error.mismatch === 'agent'
      ? [answered, { id: 'client-authentication', status: 'fail', detail: error.message }]
      : [
          answered,
          { id: 'client-authentication', status: 'pass', detail: 'the client authenticated' },
          { id: 'human', status: 'fail', detail: error.message },
        ];
  }
  const code = error.error ?? 'no OAuth error code';
  const said = error.errorDescription ? `: ${error.errorDescription.slice(0, 200)}` : '';
  const noRetry = statusNoRetryCures(error.status, endpoint?.variable ?? 'the token URL');
  if (noRetry !== undefined) {
    const detail = `answered HTTP ${error.status} (${code}${said}): ${noRetry}`;
    // A sign-in the network wants is this machine's to give, not the IdP's to change.
    return [
      error.status === 511
        ? { id: 'token-endpoint', status: 'fail', detail, local: true }
        : { id: 'token-endpoint', status: 'fail', detail },
    ];
  }
  if (isUnavailableStatus(error.status)) {
    return [
      {
        id: 'token-endpoint',
        status: 'fail',
        detail: `answered HTTP ${error.status} (${code}${said}): the IdP is unavailable or overloaded; retry later, and check its health and logs if it persists`,
        unavailable: true,
      },
    ];
  }
  // A wrong token URL (the realm's URL plus `/token`) answers 404/405 or a page without an OAuth
  // error: the URL is at fault, not the client authenticator.
  if (
    NOT_A_TOKEN_ENDPOINT.has(error.status) ||
    (error.error === undefined && error.status !== 401)
  ) {
    return [
      {
        id: 'token-endpoint',
        status: 'fail',
        detail: `answered HTTP ${error.status} (${code}${said}): not a token endpoint (RFC 6749 §3.2)`,
      },
    ];
  }
  const refusal = `the IdP refused the request (HTTP ${error.status}, ${code}${said})`;
  const answered: CheckOutcome = {
    id: 'token-endpoint',
    status: 'pass',
    detail: `answered HTTP ${error.status}`,
  };
  if (error.error === 'invalid_scope') {
    return [
      answered,
      { id: 'client-authentication', status: 'pass', detail: 'the client authenticated' },
      { id: 'scopes', status: 'fail', detail: refusal },
    ];
  }
  if (error.error !== undefined && AUDIENCE.has(error.error)) {
    return [
      answered,
      { id: 'client-authentication', status: 'pass', detail: 'the client authenticated' },
      { id: 'audience', status: 'fail', detail: refusal },
    ];
  }
  if (error.error === 'invalid_grant' && subjectTokenGiven) {
    return [
      answered,
      { id: 'client-authentication', status: 'pass', detail: 'the client authenticated' },
      {
        id: 'human',
        status: 'fail',
        detail: `the IdP refused the human's token of --subject-token-file (${code}${said}): expired, issued to another client (aud), naming another actor (may_act), of a type it does not take (--subject-token-kind), or not consented; give a fresh token of the human's login to the agent's client`,
      },
    ];
  }
  const authentication = error.status === 401 || AUTHENTICATION.has(code);
  return [
    answered,
    {
      id: 'client-authentication',
      status: 'fail',
      detail: authentication ? `the IdP did not authenticate the client (${code}${said})` : refusal,
    },
  ];
}
