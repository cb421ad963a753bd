/**
 * Largest answer read, in bytes, over either transport (the gRPC channel's receive limit, and the
 * REST adapter's cap): far above Secret Manager's 64 KiB cap on
 * a secret version (https://cloud.google.com/secret-manager/quotas), the same 1 MiB as the AWS,
 * Azure and Vault backends, small enough that a hostile endpoint cannot make the process buffer
 * gigabytes.
 */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** Thrown when an answer is longer than {@link MAX_ANSWER_BYTES}; the rest is not read. */
export class AnswerTooLargeError extends Error {
  override readonly name = 'AnswerTooLargeError';

  constructor(readonly maxBytes: number) {
    super(`The answer is longer than ${maxBytes} bytes.`);
  }
}

/** Whether `error`, or an error it wraps (gaxios and gax each wrap it once), is an {@link AnswerTooLargeError}. */
export function isAnswerTooLarge(error: unknown): boolean {
  for (let at = error, depth = 0; at instanceof Error && depth < 8; depth++) {
    if (at instanceof AnswerTooLargeError) return true;
    at = at.cause;
  }
  return false;
}

// The shapes of gaxios's adapter hook (`transporterOptions.adapter` of google-auth-library), kept
// structural: gaxios is the SDK's dependency, not ours.
interface GaxiosConfig {
  readonly responseType?: unknown;
  readonly fetchImplementation?: unknown;
  readonly [option: string]: unknown;
}
interface GaxiosResponse {
  readonly status: number;
  readonly statusText: string;
  readonly headers: HeadersInit;
  readonly data: unknown;
}
type DefaultAdapter = (config: GaxiosConfig) => Promise<GaxiosResponse>;
type Adapter = (config: GaxiosConfig, defaultAdapter: DefaultAdapter) => Promise<GaxiosResponse>;

// Statuses whose Response must have no body.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

/**
 * A gaxios adapter that reads every answer (the token endpoint's and Secret Manager's) as a stream
 * of at most `maxBytes`, stopping with {@link AnswerTooLargeError} past it, then lets gaxios decode
 * the bytes as it would have (`json`, `stream`, …). The request itself, agent and proxy included,
 * stays gaxios's (or `inner`'s, an adapter the caller set).
 */
export function answerSizeCap(maxBytes: number, inner?: Adapter): Adapter {
  return async (config, defaultAdapter) => {
    const streamed = { ...config, responseType: 'stream' };
    const response = await (inner ? inner(streamed, defaultAdapter) : defaultAdapter(streamed));
    const bytes = await readAtMost(response.data, maxBytes);
    const buffered = new Response(NULL_BODY.has(response.status) ? null : bytes, {
      status: response.status,
      statusText: response.statusText,
      headers: response.headers,
    });
    return defaultAdapter({ ...config, fetchImplementation: async () => buffered });
  };
}

async function readAtMost(body: unknown, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  if (body === null || body === undefined || body === '') return new Uint8Array(0);
  if (typeof (body as AsyncIterable<unknown>)[Symbol.asyncIterator] !== 'function') {
    // Neither a Node stream (node-fetch) nor a web stream (fetch): its length cannot be bounded.
    throw new AnswerTooLargeError(maxBytes);
  }
  const chunks: Uint8Array[] = [];
  let length = 0;
  // Leaving the loop early destroys (Node) or cancels (web) the stream: the rest is not read.
  for await (const chunk of body as AsyncIterable<Uint8Array | string>) {
    const piece = typeof chunk === 'string' ? new TextEncoder().encode(chunk) : chunk;
    length += piece.byteLength;
    if (length > maxBytes) throw new AnswerTooLargeError(maxBytes);
    chunks.push(piece);
  }
  const bytes = new Uint8Array(length);
  let at = 0;
  for (const piece of chunks) {
    bytes.set(piece, at);
    at += piece.byteLength;
  }
  return bytes;
}
