/**
 * What a hook learns when one HTTP request of an API call starts: IAM identifiers and metadata,
 * never a token, assertion, email or name.
 */
export interface RequestStartState {
  readonly method: string;
  /** The request URL without query or fragment. */
  readonly url: string;
  /** 1 for the first attempt; retries and the renewal after a 401 count up. */
  readonly attempt: number;
  /** 0 for the attempt's first request, then 1, 2… for each redirect followed. */
  readonly redirect: number;
  readonly agentId: string | undefined;
  /**
   * The human as the call's log lines name them (core's `humanIdForLogging`): the call's
   * `identity.humanId` (`act.sub`), or `sha256:` and 32 hex digits of its SHA-256 when it reads
   * as an email (a UPN, an Okta login), so that a hook never holds an email.
   */
  readonly humanId: string | undefined;
  readonly hasActAssertion: boolean;
  /** False once a redirect left the origin: credentials are no longer sent. */
  readonly credentialsSent: boolean;
}

/** What a hook learns when one HTTP request of an API call ends. */
export interface RequestEndState extends RequestStartState {
  /** The HTTP status; undefined when no answer came. */
  readonly status: number | undefined;
  readonly durationMs: number;
  /**
   * Why no answer came: `timeout` (this request's), `deadline` (the call's total timeout),
   * `network`, `tls` (a certificate the runtime does not trust), `encoding` (the answer named
   * more content codings than the runtime decodes), `aborted` or `error` (anything else).
   */
  readonly failure:
    | 'timeout'
    | 'deadline'
    | 'network'
    | 'tls'
    | 'encoding'
    | 'aborted'
    | 'error'
    | undefined;
}

/**
 * Callbacks for logging and tracing, called synchronously around every HTTP request an API call
 * makes (attempts and redirects). An exception thrown by a hook fails the call.
 *
 * @example
 * new InSessionApiCall({
 *   hooks: {
 *     onRequestEnd: ({ method, url, status, durationMs, attempt, agentId, humanId }) =>
 *       metrics.record({ method, url, status, durationMs, attempt, agentId, humanId }),
 *   },
 * });
 */
export interface ApiCallHooks {
  onRequestStart?: ((state: RequestStartState) => void) | undefined;
  onRequestEnd?: ((state: RequestEndState) => void) | undefined;
}
