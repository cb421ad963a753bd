import { ApiCallError, type DualSubjectToken, humanIdForLogging } from '@dual-auth/core';
import { assertAllowedOrigin } from './allowed-origins.js';
import type { RequestEndState, RequestStartState } from './api-call-hooks.js';
import type { ResolvedApiCallOptions } from './api-call-options.js';
import { callHuman } from './call-human.js';
import { callUrlForLogging } from './call-route.js';
import type { CallScope } from './call-scope.js';
import { CROSS_ORIGIN_HEADERS, withCredentials } from './credential-headers.js';
import { discardResponse } from './discard-response.js';
import { makeDpopProof, proofUrl } from './dpop-proof.js';
import type { PreparedCall } from './prepare-call.js';
import { redirectRoute } from './redirect-route.js';
import { redirectStep } from './redirect-step.js';
import {
  type RequestFailure,
  type SendRequestOptions,
  type SendResult,
  sendRequest,
} from './send-request.js';

/**
 * How one attempt ended: an answer (with the DPoP proof sent last, if the client made one), or why
 * none came (`deadline`: the total timeout ran out).
 */
export type AttemptResult =
  | {
      readonly response: Response;
      readonly credentialsSent: boolean;
      readonly dpopProof: string | undefined;
    }
  | { readonly failure: RequestFailure; readonly cause: unknown };

/** What {@link runAttempt} needs besides the call. */
export interface AttemptContext {
  readonly call: PreparedCall;
  readonly options: ResolvedApiCallOptions;
  readonly token: DualSubjectToken;
  readonly attempt: number;
  /** The nonce for the DPoP proofs of this attempt (RFC 9449 §9), when the API gave one. */
  readonly dpopNonce: string | undefined;
  /** The call's deadline and abort. */
  readonly scope: CallScope;
}

// Redirects are followed here, not by fetch: fetch would send X-Act-Assertion, DPoP and cookies
// to another origin and follow https to http.
/**
 * One attempt: sends the request with its credentials and follows redirects itself, so that
 * credentials (the token's headers and any of the caller's that may hold one: every header but
 * those of `CROSS_ORIGIN_HEADERS`) never reach another origin (they are dropped for good once a
 * redirect leaves it; same-origin hops keep every header)
 * and `https:` never becomes `http:`; with `allowedOrigins`, a redirect leaves none of them.
 * With the call's `dpopProof`, each request sent with the token gets a new proof for its method
 * and URL.
 *
 * @throws ApiCallError when a redirect is refused or there are too many.
 * @throws OriginRefusedError when a redirect leads to an origin not in `allowedOrigins` (it is
 *   not followed: nothing is sent there).
 * @throws `signal.reason` when the caller aborts.
 */
export async function runAttempt(context: AttemptContext): Promise<AttemptResult> {
  const { call, options, token, attempt, scope } = context;
  const headers = withCredentials(call.headers, token);
  let { method, body, url } = call;
  let credentialsSent = true;
  let dpopProof: string | undefined;
  for (let redirect = 0; ; redirect++) {
    if (scope.remainingMs() <= 0) return { failure: 'deadline', cause: undefined };
    if (call.dpopProof !== undefined && credentialsSent) {
      dpopProof = await scope.within(
        makeDpopProof(call.dpopProof, {
          method,
          url: proofUrl(url),
          accessToken: token.accessToken,
          nonce: context.dpopNonce,
        }),
      );
      headers.dpop = dpopProof;
    }
    const request: SendRequestOptions = {
      method,
      url,
      headers,
      body,
      signal: call.signal,
      scope,
      fetch: options.fetch,
    };
    const { onRequestStart, onRequestEnd } = options.hooks;
    const result =
      onRequestStart === undefined && onRequestEnd === undefined
        ? await sendRequest(request)
        : await timed(
            {
              method,
              url: routeOf(url, call, token),
              attempt,
              redirect,
              agentId: call.identity.agentId,
              // As the call's log lines name the human: an email-shaped id as its digest.
              humanId: humanIdForLogging(callHuman(call.identity)),
              hasActAssertion: token.actAssertion !== undefined,
              credentialsSent,
            },
            options,
            request,
          );
    if ('failure' in result) return result;
    const { response } = result;
    if (response.type === 'opaqueredirect') {
      throw redirectError(
        call,
        routeOf(url, call, token),
        attempt,
        'this runtime hides redirect targets (opaque redirect)',
      );
    }
    if (options.maxRedirects === 0) return { response, credentialsSent, dpopProof };
    const step = redirectStep(response, url, method, options.allowInsecureLoopback);
    if (step === undefined) return { response, credentialsSent, dpopProof };
    discardResponse(response);
    if ('refused' in step)
      throw redirectError(call, routeOf(url, call, token), attempt, step.refused);
    assertAllowedOrigin(step.url, options.allowedOrigins, 'redirect Location');
    if (redirect >= options.maxRedirects) {
      throw redirectError(
        call,
        routeOf(url, call, token),
        attempt,
        `more than ${options.maxRedirects} redirects`,
      );
    }
    if (step.crossOrigin && credentialsSent) {
      for (const name of Object.keys(headers)) {
        if (!CROSS_ORIGIN_HEADERS.has(name)) delete headers[name];
      }
      credentialsSent = false;
    }
    if (step.dropBody) {
      body = undefined;
      delete headers['content-type'];
    }
    options.logger.debug('api_call_redirect', {
      status_code: response.status,
      from_url: routeOf(url, call, token),
      to_url: routeOf(step.url, call, token),
      cross_origin: step.crossOrigin,
    });
    ({ url, method } = step);
  }
}

/**
 * The route of `target` as logs, hooks and errors show it: the caller's URL as core trims it; a
 * URL a redirect gave (the API's words) also without the human and cut ({@link redirectRoute}).
 */
function routeOf(target: URL, call: PreparedCall, token: DualSubjectToken): string {
  return target === call.url
    ? callUrlForLogging(call)
    : redirectRoute(target, token, call.identity);
}

async function timed(
  state: RequestStartState,
  options: ResolvedApiCallOptions,
  request: SendRequestOptions,
): Promise<SendResult> {
  const { hooks, clock } = options;
  hooks.onRequestStart?.(state);
  const began = clock.now();
  const end = (fields: Pick<RequestEndState, 'status' | 'failure'>): void =>
    hooks.onRequestEnd?.({ ...state, ...fields, durationMs: clock.now() - began });
  let result: SendResult;
  try {
    result = await sendRequest(request);
  } catch (error) {
    end({ status: undefined, failure: 'aborted' });
    throw error;
  }
  if ('failure' in result) end({ status: undefined, failure: result.failure });
  else end({ status: result.response.status, failure: undefined });
  return result;
}

function redirectError(call: PreparedCall, route: string, attempts: number, reason: string) {
  return new ApiCallError({
    message: `API call redirect refused: ${reason}`,
    method: call.method,
    url: route,
    attempts,
    reason: 'redirect',
  });
}
