import { DEFAULT_TIMEOUT_MS, uncheckedIdentityNote } from '@dual-auth/client';
import {
  type Act,
  ActVerificationError,
  type Clock,
  checkOption,
  type DualSubjectToken,
  type KnownOptions,
  loggerOrDefault,
  readOptions,
  requireValue,
  systemClock,
  type TokenProvider,
  TokenRequestError,
} from '@dual-auth/core';
import { readBoundedBody } from '@dual-auth/core/adapter-kit';
import { type ActContext, currentAct } from '@dual-auth/session/context';
import { type AnswerDeadline, answerDeadline } from '../client/answer-deadline.js';
import {
  boundOrigin,
  credentialedFetch,
  type TokenProviderSource,
} from '../client/dual-auth-fetch.js';
import { assertProvidedToken } from '../client/provided-token.js';
import {
  explainSubjectToken,
  signedInAtInContext,
  subjectTokenInContext,
} from '../client/subject-token-in-context.js';
import { type ToolDenial, ToolDeniedError } from './tool-denial.js';

/** Options of {@link withDualAuthTool}: whose token the tool gets, for which scopes. */
export interface DualAuthToolOptions {
  /**
   * The API's URL or origin (`'https://api.example.com'`): `callApi` sends the credentials there
   * only, and refuses any other URL (`OriginRefusedError`) before a token is asked for.
   */
  origin: string | URL;
  /** `InSessionTokenRequest`, `OutOfSessionTokenRequest`, or anything with `tokenProvider`. */
  tokenRequest: TokenProviderSource;
  agentId: string;
  /** The tool's scopes; the audience is the adapter's (one token request per API). */
  scope: readonly string[];
  /**
   * The human's context, and the human's token when the IdP exchanges it
   * (`runWithAct(act, fn, { subjectToken })`, read once per tool call); default the one of
   * `runWithAct` (`@dual-auth/session/context`).
   */
  context?: ActContext;
  /** The `fetch` that `callApi` sends with; default the global one. */
  fetch?: typeof fetch;
  /**
   * How long each `callApi` call has for its whole answer, body included, in milliseconds on
   * `clock`, as `@dual-auth/client`'s `ApiCall` `timeoutMs`: a whole number from 100 to 2^31-1;
   * default 10 000. It starts when `callApi` is called and covers the request, its redirects and
   * the one renewal, and the reading of the body (by the tool's `json()`, `text()`, … or, for a
   * refusal, by the wrapper). Past it the request and its body are aborted with `ApiCallError`
   * (`reason` `'deadline'`; a refusal becomes a denial naming no side); the tool call's or
   * `init`'s `signal` aborts sooner. It ends with the tool call.
   */
  timeoutMs?: number;
  /**
   * The clock `timeoutMs` is measured on: core's `Clock`, `now()` in milliseconds since the epoch;
   * default the system clock. A real timer still drives it and the clock decides whether it passed
   * (as `@dual-auth/client`'s `clock`), so a test's clock that stands still never lets it pass.
   * @throws TypeError at creation when it has no `now()`.
   */
  clock?: Clock;
  /** Let `callApi` use `http:` on 127.0.0.0/8, `::1`, `localhost` (tests, demos); default `false`. */
  allowInsecureLoopback?: boolean;
}

/** The option names of {@link DualAuthToolOptions}, for `refuseUnknownOptions`. */
export const DUAL_AUTH_TOOL_OPTIONS = {
  origin: true,
  tokenRequest: true,
  agentId: true,
  scope: true,
  context: true,
  fetch: true,
  timeoutMs: true,
  clock: true,
  allowInsecureLoopback: true,
} as const satisfies KnownOptions<DualAuthToolOptions>;

/** What the wrapped tool function gets beside its input. */
export interface DualAuthToolContext {
  /** The human the tool acts for (do not put its email or name in the tool's output). */
  act: Act;
  /** A dual-subject token for the agent acting for `act`, for code that sends it itself. */
  token: DualSubjectToken;
  /**
   * `fetch` with the credentials set (`Authorization`, and `X-Act-Assertion` for Entra ID),
   * renewed once on 401 `invalid_token` (as `dualAuthFetch` does: a stream or `Request` body is
   * sent once, not renewed). A 401 or 403 that remains throws {@link ToolDeniedError}, which the
   * wrapper turns into a {@link ToolDenial}. Aborted by `init.signal`, else by the tool call's
   * signal, else by a `Request`'s own, and at the latest `timeoutMs` after the call, body included
   * (`ApiCallError`).
   */
  callApi: (input: RequestInfo | URL, init?: RequestInit) => Promise<Response>;
}

const noHuman: ToolDenial = {
  denied: true,
  reason: 'no_human',
  message: 'This tool acts for a signed-in person and none is known here; ask the user to sign in',
};

const unavailable: ToolDenial = {
  denied: true,
  reason: 'token_unavailable',
  message: 'No credentials could be obtained to act for this person; the tool did not run',
};

// The API's body is untrusted text the model will read: only the known sides pass through.
/** The most of a refusal body read for its `failed_side` (the guard's is under 1 KiB), in bytes. */
const MAX_DENIAL_BYTES = 16_384; // 16 * 1024
const FAILED_SIDES = ['agent', 'human', 'both', 'credentials'] as const;

const SIDE_MESSAGES: Record<(typeof FAILED_SIDES)[number] | 'unknown', string> = {
  agent: 'This agent is not allowed to do this, whoever it acts for',
  human: 'The person this agent acts for is not allowed to do this',
  both: 'Neither this agent nor the person it acts for is allowed to do this',
  credentials: 'The service could not check the credentials of this agent or person',
  unknown: 'The service refused this request for this agent or the person it acts for',
};

/**
 * The `failed_side` of an API's refusal body, read up to {@link MAX_DENIAL_BYTES}: a hostile API's
 * body without end is cancelled there, not buffered; anything unreadable names no side.
 */
async function failedSideOf(response: Response): Promise<unknown> {
  try {
    const bytes = await readBoundedBody(response, MAX_DENIAL_BYTES, 'refusal body');
    const body: unknown = JSON.parse(new TextDecoder().decode(bytes));
    const isObject = typeof body === 'object' && body !== null;
    return isObject && Object.hasOwn(body, 'failed_side')
      ? Reflect.get(body, 'failed_side')
      : undefined;
  } catch {
    return undefined;
  }
}

async function denialOf(response: Response): Promise<ToolDenial> {
  if (response.status === 401) {
    return {
      denied: true,
      reason: 'credentials_refused',
      message: 'The service refused the credentials of this agent; the tool did not run',
    };
  }
  const failedSide = await failedSideOf(response);
  const side = FAILED_SIDES.find((known) => known === failedSide);
  return {
    denied: true,
    reason: 'not_authorized',
    ...(side === undefined ? {} : { failed_side: side }),
    message: SIDE_MESSAGES[side ?? 'unknown'],
  };
}

/**
 * Wraps a tool function so it runs only with a human in context (`runWithAct`), with a
 * dual-subject token for the agent acting for that human and a ready `callApi`. Framework-neutral:
 * the result is `(input, { signal }) => output | ToolDenial`, to hand to any agent framework
 * (`dualAuthTool` of `@dual-auth/mcp/ai-sdk` does it for the Vercel AI SDK). A refusal (no human,
 * no token for the human, the API's 401/403) is returned as a {@link ToolDenial} the model can
 * read, never thrown; other errors are thrown as they are. For an IdP that exchanges the human's
 * own token (RFC 8693), give it to the context: `runWithAct(act, fn, { subjectToken })`; for an
 * `InSessionTokenRequest` with a `cutoffStore`, the human's sign-in time as well (`signedInAtMs`),
 * as `dualAuthFetch` says.
 *
 * @throws TypeError at creation on bad options (`origin` included, a `timeoutMs` that is not a
 *   whole number of milliseconds from 100 to 2^31-1), or one that is not an option (a misspelled
 *   `context` would fall back to the ambient one); the message names the option meant.
 * @throws ApiCallError of `@dual-auth/core` (from a call; `reason` `'deadline'`) when a `callApi`
 *   answer, body included, has not come within `timeoutMs` (default 10 s): its message says to
 *   check the API or raise `timeoutMs`.
 * @throws SubjectTokenRequiredError (a TypeError, from a call) when the IdP needs the human's token
 *   and the context has none: its message says to pass `runWithAct(act, fn, { subjectToken })`;
 *   or when the context's token is one the IdP would plainly refuse (unsigned, past its `exp` by
 *   300 s or more): its message says to have that function return a fresh one.
 * @throws ConfigurationError at creation when `origin` is not HTTPS.
 * @throws ConfigurationError at creation when `DUAL_AUTH_LOG` or `DUAL_AUTH_LOG_LEVEL` holds a
 * value it does not know and no `setDefaultLogger` logger is set (docs/logging.md): the default
 * logger gets the wrapper's one `token_identity_unchecked` debug event, when a token records no
 * one.
 * @example
 * const balance = withDualAuthTool(
 *   { origin: 'https://api.example.com', tokenRequest: inSession, agentId: 'finance-agent', scope: ['finance.read'] },
 *   async ({ account }: { account: string }, { callApi }) =>
 *     (await callApi(`https://api.example.com/accounts/${account}`)).json(),
 * );
 * await runWithAct(act, () => balance({ account: 'acc-1' }));
 */
export function withDualAuthTool<Input, Output>(
  given: DualAuthToolOptions,
  run: (input: Input, context: DualAuthToolContext) => Output | Promise<Output>,
): (input: Input, call?: { signal?: AbortSignal | undefined }) => Promise<Output | ToolDenial> {
  requireValue(given, 'options', 'object');
  // Own options only: an inherited fetch would get every token, allowInsecureLoopback an http: API.
  const options = readOptions(given, DUAL_AUTH_TOOL_OPTIONS, 'withDualAuthTool');
  requireValue(
    options.tokenRequest?.tokenProvider,
    'options.tokenRequest.tokenProvider',
    'function',
  );
  requireValue(options.agentId, 'options.agentId', 'string');
  if (!Array.isArray(options.scope))
    throw new TypeError('options.scope must be an array of scopes');
  requireValue(run, 'run', 'function');
  boundOrigin(options.origin, options.allowInsecureLoopback === true);
  const timeoutMs = checkOption(options, 'timeoutMs', 'timeoutMs') ?? DEFAULT_TIMEOUT_MS;
  const clock = checkOption(options, 'clock', 'clock') ?? systemClock;
  // Once per wrapper, as callApi once per client: a token recording no one was not checked.
  const unchecked = uncheckedIdentityNote(loggerOrDefault(undefined));
  const { tokenRequest, agentId, context } = options;
  const scope = [...options.scope];
  return async (input, call = {}) => {
    const act = context === undefined ? currentAct() : context.current();
    if (act === undefined) return noHuman;
    const subjectToken = await subjectTokenInContext(context);
    const signedInAtMs = signedInAtInContext(context);
    const request = { agentId, act, scope, subjectToken, signedInAtMs };
    const asked = tokenRequest.tokenProvider(request);
    // Who each token must be asked for: the agent configured, the human in context.
    const identity = { agentId, humanId: act.sub };
    const tokenProvider: TokenProvider = {
      identity,
      getToken: (getOptions) => asked.getToken(getOptions),
    };
    // An API, not an MCP server: no RFC 9728 metadata is required of it.
    const send = credentialedFetch(
      {
        origin: options.origin,
        tokenProvider,
        ...(options.fetch === undefined ? {} : { fetch: options.fetch }),
        timeoutMs,
        clock,
        allowInsecureLoopback: options.allowInsecureLoopback === true,
      },
      undefined,
      undefined,
      undefined,
      unchecked,
    );
    const deadlines: AnswerDeadline[] = [];
    try {
      const token = await tokenProvider.getToken({ signal: call.signal });
      assertProvidedToken(token, identity, unchecked);
      const callApi = async (target: RequestInfo | URL, init?: RequestInit) => {
        const request = target instanceof Request ? target : undefined;
        const href = request?.url ?? String(target);
        // A URL that is none is refused by send's own check, before anything is sent.
        if (!URL.canParse(href)) return send(target, init);
        const method = (init?.method ?? request?.method ?? 'GET').toUpperCase();
        const awaited = { who: 'withDualAuthTool: callApi', method, url: new URL(href) } as const;
        // The tool call's signal as well as the tool's own: cancelling the call stops its requests.
        const own = init?.signal ?? request?.signal;
        const deadline = answerDeadline(
          { ...awaited, reason: 'deadline', timeoutMs },
          own && call.signal ? AbortSignal.any([own, call.signal]) : (own ?? call.signal),
          clock,
        );
        deadlines.push(deadline);
        const response = await send(target, { ...init, signal: deadline.signal });
        if (response.status === 401 || response.status === 403) {
          throw new ToolDeniedError(await denialOf(response));
        }
        return response;
      };
      return await run(input, { act, token, callApi });
    } catch (error) {
      if (error instanceof ToolDeniedError) return error.denial;
      if (ActVerificationError.isInstance(error) || TokenRequestError.isInstance(error)) {
        return unavailable;
      }
      explainSubjectToken(error, subjectToken !== undefined);
    } finally {
      for (const deadline of deadlines) deadline.done();
    }
  };
}
