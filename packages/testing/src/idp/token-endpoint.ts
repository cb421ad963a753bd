import type { IncomingMessage, ServerResponse } from 'node:http';
import { PassThrough } from 'node:stream';
import { answersItself, type FailureQueue, failureResponse } from './failure-injection.js';
import type { LocalIdpProfile, LocalIdpSettings, VendorError } from './local-idp-profile.js';
import {
  type MutableTokenRequestRecord,
  recordTokenRequest,
  type TokenRequestRecord,
} from './token-request-record.js';

/** The same limit oidc-provider applies to request bodies. */
const maxBodyBytes = 56 * 1024;

const errorForStatus: Record<number, string> = {
  400: 'invalid_request',
  401: 'invalid_client',
  403: 'access_denied',
  429: 'too_many_requests',
  503: 'temporarily_unavailable',
};

/** What the token-endpoint front needs. @internal */
export interface TokenEndpointSetup {
  readonly profile: LocalIdpProfile;
  readonly settings: LocalIdpSettings;
  readonly failures: FailureQueue;
  readonly requests: TokenRequestRecord[];
  readonly records: WeakMap<object, MutableTokenRequestRecord>;
  /** Waits `ms`, resolving early (with false) when the IdP closes. */
  readonly sleep: (ms: number) => Promise<boolean>;
  /** oidc-provider's request handler. */
  readonly provider: (req: IncomingMessage, res: ServerResponse) => Promise<void>;
}

/**
 * Fronts oidc-provider's token endpoint: records the request, applies injected failures and the
 * vendor's own form rules, then replays the body to oidc-provider. @internal
 */
export async function handleTokenRequest(
  setup: TokenEndpointSetup,
  req: IncomingMessage,
  res: ServerResponse,
  path: string,
): Promise<void> {
  const { profile } = setup;
  const body = await readBody(req);
  const failure = setup.failures.take(
    body === undefined ? undefined : new URLSearchParams(body.toString()).get('grant_type'),
  );
  if (body === undefined) {
    const error = {
      status: 413,
      error: 'invalid_request',
      description: 'request entity too large',
    };
    sendJson(res, error.status, profile.errorBody(error), { connection: 'close' });
    return;
  }
  const record = recordTokenRequest(req.method ?? 'POST', path, req.headers, body.toString());
  if (failure) record.injected = failure;
  setup.requests.push(record);
  res.once('finish', () => {
    record.status = res.statusCode;
  });

  if (failure?.delayMs !== undefined && !(await setup.sleep(failure.delayMs))) return;
  if (failure && answersItself(failure)) {
    if (failure.reset) {
      req.socket.destroy();
      return;
    }
    const { status, body: text } = failureResponse(failure, (s) =>
      profile.errorBody({
        status: s,
        error: errorForStatus[s] ?? 'server_error',
        description: 'injected failure',
      }),
    );
    sendRaw(res, status, text, failure.retryAfter);
    return;
  }

  const form = new URLSearchParams(record.body);
  // The vendor's form rules are for its client-credentials recipe; the delegation grants check
  // their own parameters (delegation-grants.ts).
  const refusal: VendorError | undefined =
    form.get('grant_type') === 'client_credentials'
      ? profile.checkForm(form, setup.settings)
      : undefined;
  if (refusal) {
    record.error = refusal.error;
    sendJson(res, refusal.status, profile.errorBody(refusal));
    return;
  }
  const replay = replayRequest(req, body);
  setup.records.set(replay, record);
  await setup.provider(replay, res);
}

async function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) return undefined;
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks);
}

// oidc-provider reads the body from the request stream itself; this hands it an identical request
// whose stream replays the bytes already read.
function replayRequest(req: IncomingMessage, body: Buffer): IncomingMessage {
  const stream = new PassThrough();
  stream.end(body);
  const { 'transfer-encoding': _chunked, ...headers } = req.headers;
  return Object.assign(stream, {
    method: req.method,
    url: req.url,
    headers: { ...headers, 'content-length': String(body.length) },
    rawHeaders: req.rawHeaders,
    httpVersion: req.httpVersion,
    httpVersionMajor: req.httpVersionMajor,
    httpVersionMinor: req.httpVersionMinor,
    socket: req.socket,
    connection: req.socket,
    complete: true,
    aborted: false,
    trailers: {},
    rawTrailers: [],
  }) as unknown as IncomingMessage;
}

function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  extraHeaders: Record<string, string> = {},
): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...extraHeaders,
  });
  res.end(text);
}

function sendRaw(
  res: ServerResponse,
  status: number,
  text: string,
  retryAfter: number | string | undefined,
): void {
  res.writeHead(status, {
    'content-type': 'application/json;charset=UTF-8',
    'cache-control': 'no-store',
    'content-length': Buffer.byteLength(text),
    ...(retryAfter === undefined ? {} : { 'retry-after': String(retryAfter) }),
  });
  res.end(text);
}
