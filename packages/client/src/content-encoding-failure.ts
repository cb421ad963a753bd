// What undici's fetch rejects with when an answer names more codings than it decodes (5): its
// message is fixed text, never the API's.
const TOO_MANY = /too many content-encodings/i;
// The codes of Node's zlib (`Z_DATA_ERROR`, `Z_BUF_ERROR`), brotli (`ERR__ERROR_FORMAT_…`,
// `ERR_BROTLI_…`) and zstd (`ZSTD_error_…`) decoders, as undici's body stream errors with them.
const DECODER_CODE = /^(?:Z_[A-Z_]+|ERR__ERROR_[A-Z0-9_]+|ERR_BROTLI\w*|ZSTD_\w+)$/;
// The content codings a reader may be told of (RFC 9110 §8.4.1, the IANA registry); others are
// the API's words, written `other`.
const KNOWN_CODINGS = new Set([
  'gzip',
  'x-gzip',
  'deflate',
  'br',
  'zstd',
  'compress',
  'x-compress',
  'identity',
]);
const MAX_SHOWN = 6;

/** The causes of `error`, itself first, at most 5 deep. */
function* causesOf(error: unknown): Generator<unknown> {
  let current = error;
  for (let depth = 0; depth < 5 && current !== undefined && current !== null; depth++) {
    yield current;
    current = (current as { cause?: unknown }).cause;
  }
}

/** Whether a `fetch` rejection says the answer named more content codings than it decodes. */
export function tooManyContentCodings(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  for (const cause of causesOf(error)) {
    const { message } = cause as { message?: unknown };
    if (typeof message === 'string' && TOO_MANY.test(message)) return true;
  }
  return false;
}

/**
 * Whether a body read's rejection is a decoder's: the body does not match its `Content-Encoding`
 * (a `TypeError` from the body stream, caused by zlib's, brotli's or zstd's error).
 */
export function undecodableBody(error: unknown): boolean {
  if (!(error instanceof TypeError)) return false;
  for (const cause of causesOf(error.cause)) {
    const { code, message } = cause as { code?: unknown; message?: unknown };
    if (typeof code === 'string' && DECODER_CODE.test(code)) return true;
    if (message === 'Decompression failed') return true;
  }
  return false;
}

/** The answer's content codings as a message may show them: registered ones, else `other`. */
export function shownCodings(response: Response): string {
  const codings = (response.headers.get('content-encoding') ?? '')
    .split(',')
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== '');
  const shown = codings
    .slice(0, MAX_SHOWN)
    .map((coding) => (KNOWN_CODINGS.has(coding) ? coding : 'other'));
  if (codings.length > MAX_SHOWN) shown.push('…');
  return shown.length === 0 ? 'none' : shown.join(', ');
}
