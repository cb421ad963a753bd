/** A request to the IdP's token endpoint as the page shows it: only harmless values in clear. */
export interface ShownRequest {
  readonly method: string;
  readonly url: string;
  /** Form parameters; a value that may be a credential reads `‹elided›`. */
  readonly form: Record<string, string>;
  /** `authorization: Basic ‹elided›` when the client authenticated with HTTP Basic. */
  readonly headers: Record<string, string>;
}

/** Written out in full; any other parameter (secrets, assertions, subject tokens) is elided. */
const CLEAR_PARAMETERS = new Set([
  'grant_type',
  'scope',
  'audience',
  'resource',
  'client_id',
  'client_assertion_type',
  'requested_token_type',
  'subject_token_type',
  'actor_token_type',
]);

export const ELIDED = '‹elided›';

function formOf(body: unknown): Record<string, string> {
  const params =
    body instanceof URLSearchParams
      ? body
      : typeof body === 'string'
        ? new URLSearchParams(body)
        : undefined;
  if (params === undefined) return {};
  return Object.fromEntries(
    [...params].map(([name, value]) => [name, CLEAR_PARAMETERS.has(name) ? value : ELIDED]),
  );
}

/**
 * A fetch that passes every request to `fetch` and appends what the page may show of it to
 * `requests`: an allowlist of form parameters in clear, everything else elided, so a secret added
 * by a future adapter stays hidden too.
 */
export function recordingFetch(
  fetch: typeof globalThis.fetch,
  requests: ShownRequest[],
): typeof globalThis.fetch {
  return (input, init) => {
    const request = input instanceof Request ? input : undefined;
    const headers = new Headers(init?.headers ?? request?.headers);
    const authorization = headers.get('authorization');
    requests.push({
      method: init?.method ?? request?.method ?? 'GET',
      url: String(request?.url ?? input),
      form: formOf(init?.body),
      headers:
        authorization === null ? {} : { authorization: `${authorization.split(' ')[0]} ${ELIDED}` },
    });
    return fetch(input, init);
  };
}
