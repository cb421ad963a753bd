import { isInvalidTokenChallenge, withCredentials } from '@dual-auth/client';
import {
  ACT_ASSERTION_HEADER,
  type Act,
  ConfigurationError,
  type DualSubjectToken,
  requireValue,
  type TokenProvider,
} from '@dual-auth/core';
import type { TokenProviderRequest } from '@dual-auth/session';
import { type ActContext, currentAct } from '@dual-auth/session/context';

/** The session classes (`InSessionTokenRequest`, `OutOfSessionTokenRequest`): token providers. */
export interface TokenProviderSource {
  tokenProvider(request: TokenProviderRequest): TokenProvider;
}

/**
 * Options of {@link dualAuthFetch}: a `tokenRequest` with the agent and scope (the human from the
 * context, per request), or a `tokenProvider` already fixed to one human (e.g. from
 * `OutOfSessionTokenRequest.tokenProviderFromJwt`).
 */
export type DualAuthFetchOptions = (
  | {
      /** Where tokens come from, for `agentId` acting for the human in context. */
      tokenRequest: TokenProviderSource;
      agentId: string;
      /** Scopes to ask for. */
      scope: readonly string[];
      /** The human's context; default the one of `runWithAct` (`@dual-auth/session/context`). */
      context?: ActContext;
      tokenProvider?: never;
    }
  | { tokenProvider: TokenProvider; tokenRequest?: never }
) & {
  /** The `fetch` to send with; default the global one. */
  fetch?: typeof fetch;
};

function humanInContext(context: ActContext | undefined): Act {
  const act = context === undefined ? currentAct() : context.current();
  if (act === undefined) {
    throw new ConfigurationError({
      message:
        'dualAuthFetch: no human in context; make the MCP call inside runWithAct(act, …) (@dual-auth/session/context)',
    });
  }
  return act;
}

function withToken(init: RequestInit | undefined, token: DualSubjectToken): RequestInit {
  const headers = Object.fromEntries(new Headers(init?.headers).entries());
  for (const owned of ['authorization', ACT_ASSERTION_HEADER.toLowerCase()]) delete headers[owned];
  return { ...init, headers: withCredentials(headers, token) };
}

/**
 * A `fetch` for the MCP SDK's client transports (`new StreamableHTTPClientTransport(url, { fetch })`)
 * that sends dual-subject credentials: `Authorization: Bearer <access token>` and, for Entra ID's
 * hybrid layout, `X-Act-Assertion`. Each request takes the human from the async context
 * (`runWithAct`), so each tool call carries the human it was made for, and gets its token from
 * `tokenRequest.tokenProvider(…)` (cached there). On a 401 whose challenge is `invalid_token`
 * (RFC 6750 §3.1) the token is renewed once (`forceRefresh`) and the request sent again; a
 * request whose body is a stream is not sent again.
 *
 * @throws TypeError at creation on bad options (neither a token request nor a provider).
 * @throws ConfigurationError (from a request) when no human is in context.
 * @example
 * const transport = new StreamableHTTPClientTransport(new URL('https://mcp.example.com/mcp'), {
 *   fetch: dualAuthFetch({ tokenRequest: inSession, agentId: 'finance-agent', scope: ['finance.read'] }),
 * });
 * await runWithAct(act, async () => { await client.connect(transport); await client.callTool(…); });
 */
export function dualAuthFetch(options: DualAuthFetchOptions): typeof fetch {
  const providerFor = resolveProviders(options);
  const send = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  return (async (input: RequestInfo | URL, init?: RequestInit) => {
    const provider = providerFor();
    const signal = init?.signal ?? undefined;
    const first = await send(input, withToken(init, await provider.getToken({ signal })));
    if (!isInvalidTokenChallenge(first) || init?.body instanceof ReadableStream) return first;
    await first.body?.cancel();
    const renewed = await provider.getToken({ signal, forceRefresh: true });
    return send(input, withToken(init, renewed));
  }) as typeof fetch;
}

function resolveProviders(options: DualAuthFetchOptions): () => TokenProvider {
  requireValue(options, 'options', 'object');
  if (options.tokenProvider !== undefined) {
    requireValue(options.tokenProvider.getToken, 'options.tokenProvider.getToken', 'function');
    const provider = options.tokenProvider;
    return () => provider;
  }
  requireValue(options.tokenRequest, 'options.tokenRequest', 'object');
  requireValue(
    options.tokenRequest.tokenProvider,
    'options.tokenRequest.tokenProvider',
    'function',
  );
  requireValue(options.agentId, 'options.agentId', 'string');
  if (!Array.isArray(options.scope))
    throw new TypeError('options.scope must be an array of scopes');
  const { tokenRequest, agentId, context } = options;
  const scope = [...options.scope];
  return () => tokenRequest.tokenProvider({ agentId, act: humanInContext(context), scope });
}
