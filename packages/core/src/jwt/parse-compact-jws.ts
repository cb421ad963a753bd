import {
  decodeCanonicalBase64url,
  decodePlainBase64urlSegment,
  isPlainBase64urlText,
} from './base64url.js';
import { isJwsAlgorithm, type JwsAlgorithm } from './jws-algorithms.js';
import { JwsHeaderMemo } from './jws-header-memo.js';
import { refuseJwt } from './jwt-refusal.js';

/** A compact JWS whose shape, size, header and algorithm were checked; not verified yet. */
export interface ParsedCompactJws {
  readonly alg: JwsAlgorithm;
  readonly header: Readonly<Record<string, unknown>>;
  /** The three segments as sent. */
  readonly segments: readonly [string, string, string];
  /** `<header>.<payload>` as sent: what the signature covers (RFC 7515 §5.2). */
  readonly signingInput: string;
  readonly payload: Uint8Array;
  readonly signature: Uint8Array<ArrayBuffer>;
}

/** How strictly a compact JWS is read. */
export interface ParseCompactJwsOptions {
  /** Names the credential in messages: `Access token`, `Act JWT` (`JWT` when left out). */
  readonly label: string;
  /** Longest token accepted, in bytes (characters: a valid token is ASCII). */
  readonly maxTokenBytes: number;
  /** Algorithms allowed by the verifier (never `none` nor HMAC). */
  readonly algorithms: readonly JwsAlgorithm[];
}

// The headers of the issuers a process verifies; 16 is ample for the issuers (and key rotations)
// one process trusts.
const headers = /* @__PURE__ */ new JwsHeaderMemo(16);

// The header is attacker-controlled: show a short, printable excerpt of `alg` only.
function shortText(value: unknown): string {
  const text = (typeof value === 'string' ? value : String(JSON.stringify(value))).replace(
    /[^\x20-\x7e]/g,
    '?',
  );
  return JSON.stringify(text.length > 16 ? `${text.slice(0, 16)}…` : text);
}

/**
 * Reads a compact JWS before any key is touched: a string within the size cap, exactly three
 * segments, each the canonical base64url of its bytes and decoded once, a JSON-object header with
 * an allowed `alg`, a `kid` that is absent or a string (RFC 7515 §4.1.4), and no `crit` (this
 * verifier understands no extension, RFC 7515 §4.1.11).
 *
 * @throws ActVerificationError `malformed`, `too_large` or `unsupported_algorithm`.
 */
export function parseCompactJws(token: unknown, options: ParseCompactJwsOptions): ParsedCompactJws {
  const { label, algorithms } = options;
  if (typeof token !== 'string')
    refuseJwt(label, 'malformed', `must be a string, got ${typeof token}`);
  if (token.length > options.maxTokenBytes) {
    refuseJwt(label, 'too_large', `is longer than ${options.maxTokenBytes} characters`);
  }
  const segments = token.split('.');
  if (segments.length !== 3) {
    refuseJwt(
      label,
      'malformed',
      `must be a compact JWS of 3 dot-separated parts, got ${segments.length}`,
    );
  }
  const [headerPart, payloadPart, signaturePart] = segments as [string, string, string];
  const header = headers.decode(headerPart);
  if (header === undefined)
    refuseJwt(
      label,
      'malformed',
      'header is not base64url of a JSON object naming no member twice',
    );
  const { alg } = header;
  if (!isJwsAlgorithm(alg) || !algorithms.includes(alg)) {
    refuseJwt(
      label,
      'unsupported_algorithm',
      `uses algorithm ${shortText(alg)}, which is not allowed; expected ${algorithms.join(' or ')}`,
      { claim: 'alg' },
    );
  }
  if (header.crit !== undefined) {
    refuseJwt(label, 'malformed', 'has critical header parameters this verifier does not support', {
      claim: 'crit',
    });
  }
  // RFC 7515 §4.1.4: a string. A JWKS resolver (jose's) ignores any other `kid`, so every key
  // would match it, past the bound on tokens that name no key (see verifyJwt).
  if (header.kid !== undefined && typeof header.kid !== 'string') {
    refuseJwt(label, 'malformed', 'has a "kid" header that is not a string', { claim: 'kid' });
  }
  // One check of the token, not a re-encoding per segment: the same bytes and refusals.
  const decode = isPlainBase64urlText(token)
    ? decodePlainBase64urlSegment
    : decodeCanonicalBase64url;
  const payload = decode(payloadPart);
  if (payload === undefined) refuseJwt(label, 'malformed', 'payload is not canonical base64url');
  const signature = decode(signaturePart);
  if (signature === undefined)
    refuseJwt(label, 'malformed', 'signature is not canonical base64url');
  return {
    alg,
    header,
    segments: [headerPart, payloadPart, signaturePart],
    signingInput: token.slice(0, headerPart.length + 1 + payloadPart.length),
    payload,
    signature: signature as Uint8Array<ArrayBuffer>,
  };
}
