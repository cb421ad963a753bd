import type { IncomingHttpHeaders } from 'node:http';
import type { Clock, GetTokenOptions, LogFields, Logger, TokenProvider } from '@dual-auth/core';
import { createDualSubjectToken, type DualSubjectToken } from '@dual-auth/core';
import { startHttpsServer, type TestCa, type TestHttpsServer } from '@dual-auth/testing';

/** A request as the demo API received it. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query. */
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly body: string;
}

/**
 * What the demo API answers; `hang` never answers (for timeouts). With `breakOff`, the body is
 * sent chunked and the connection closed before its last chunk: an answer that broke off.
 */
export type Reply =
  | {
      status: number;
      headers?: Record<string, string>;
      body?: string | Uint8Array;
      breakOff?: boolean;
    }
  | 'hang';

/** A loopback HTTPS server playing the API: records requests, answers from `reply`. */
export interface DemoApi extends TestHttpsServer {
  readonly requests: RecordedRequest[];
}

/**
 * Starts the demo API. `reply` gets each request and its 0-based index (it may answer later, to
 * verify a signature); default: 200 with a JSON echo of the path.
 */
export async function startDemoApi(
  reply: (request: RecordedRequest, index: number) => Reply | Promise<Reply> = () => ({
    status: 200,
  }),
  options: { ca?: TestCa } = {},
): Promise<DemoApi> {
  const requests: RecordedRequest[] = [];
  const server = await startHttpsServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const recorded: RecordedRequest = {
      method: req.method ?? '',
      path: req.url ?? '',
      headers: req.headers,
      body: Buffer.concat(chunks).toString('utf8'),
    };
    requests.push(recorded);
    const answer = await reply(recorded, requests.length - 1);
    if (answer === 'hang') return;
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    const body = answer.body ?? JSON.stringify({ path: recorded.path });
    if (answer.breakOff === true) res.write(body, () => res.destroy());
    else res.end(body);
  }, options);
  return Object.assign(server, { requests });
}

/** Token shapes as each vendor's adapter returns them (opaque test strings, not real JWTs). */
export const vendorTokens = {
  keycloak: token({ accessToken: 'kc.access.token', tokenType: 'Bearer' }),
  auth0: token({ accessToken: 'auth0.access.token', tokenType: 'Bearer' }),
  okta: token({ accessToken: 'okta.access.token', tokenType: 'Bearer' }),
  entraid: token({
    accessToken: 'entra.access.token',
    tokenType: 'Bearer',
    actAssertion: 'entra.act.assertion',
  }),
} as const;

/** A compact JWT with `payload` (not signed: the client never verifies the token it sends). */
export function unsignedJwt(payload: Record<string, unknown>): string {
  const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  return `${part({ alg: 'RS256', typ: 'JWT' })}.${part(payload)}.c2lnbmF0dXJl`;
}

/** A token valid for an hour from `issuedAt`. */
export function token(init: {
  accessToken: string;
  tokenType?: string;
  actAssertion?: string;
  issuedAt?: number;
  expiresIn?: number;
}): DualSubjectToken {
  return createDualSubjectToken({
    tokenType: 'Bearer',
    scope: 'finance.read',
    expiresIn: 3600,
    issuedAt: Date.now(),
    ...init,
  });
}

/**
 * A provider that hands out `<prefix>-1`, `<prefix>-2`… (of `tokenType`, issued at `issuedAt()`)
 * and renews only when forced, like a caching one; `calls` records what it was asked.
 */
export function countingProvider(
  init: { issuedAt?: () => number; expiresIn?: number; prefix?: string; tokenType?: string } = {},
) {
  const { issuedAt = Date.now, expiresIn = 3600, prefix = 'tok', tokenType = 'Bearer' } = init;
  const calls: GetTokenOptions[] = [];
  let current = 0;
  const provider: TokenProvider = {
    identity: { agentId: 'agent-1', humanId: 'u-1' },
    async getToken(options) {
      calls.push(options);
      if (current === 0 || options.forceRefresh === true) current++;
      return token({
        accessToken: `${prefix}-${current}`,
        tokenType,
        issuedAt: issuedAt(),
        expiresIn,
      });
    },
  };
  return { provider, calls };
}

/**
 * A clock the test moves, and a sleep that moves it instead of waiting; `options` holds just the
 * two, to spread into a call's options (which refuse keys they do not know).
 */
export function fakeTime(start = Date.parse('2025-01-01T00:00:00Z')) {
  let now = start;
  const sleeps: number[] = [];
  const clock: Clock = { now: () => now };
  const sleep = async (ms: number, signal?: AbortSignal): Promise<void> => {
    signal?.throwIfAborted();
    sleeps.push(ms);
    now += ms;
  };
  const advance = (ms: number): void => {
    now += ms;
  };
  return { clock, sleep, sleeps, advance, options: { clock, sleep } };
}

/** A logger that keeps every event, to check what would be logged. */
export function recordingLogger(): Logger & { events: { event: string; fields?: LogFields }[] } {
  const events: { event: string; fields?: LogFields }[] = [];
  const record =
    () =>
    (event: string, fields?: LogFields): void => {
      events.push(fields === undefined ? { event } : { event, fields });
    };
  return { events, debug: record(), info: record(), warn: record(), error: record() };
}

/** Random bytes that are always zero: backoff jitter at its lower bound. */
export const zeroRandom = (size: number): Uint8Array => new Uint8Array(size);
