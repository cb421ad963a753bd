const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ERR_NETWORK',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

const MAX_CAUSE_DEPTH = 4;

/**
 * True for a failure to reach a service (refused, reset, DNS, timeout, TLS), as opposed to an
 * answer from it. Looks at the error's `code` and name, then down its `cause` chain, where
 * `fetch` puts the socket's error (`TypeError: fetch failed` → `ECONNREFUSED`).
 *
 * @example
 * ```ts
 * import { isNetworkError } from '@dual-auth/core/secrets-kit';
 *
 * if (isNetworkError(error)) hint = 'Check the network path, proxies and TLS trust.';
 * ```
 */
export function isNetworkError(error: unknown): boolean {
  let current = error;
  for (let depth = 0; depth < MAX_CAUSE_DEPTH && current instanceof Error; depth += 1) {
    if (current.name === 'TimeoutError' || current.name === 'AbortError') return true;
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && isNetworkCode(code)) return true;
    current = current.cause;
  }
  return false;
}

function isNetworkCode(code: string): boolean {
  return (
    NETWORK_CODES.has(code) ||
    code.startsWith('ERR_TLS') ||
    code.includes('CERT') ||
    code.includes('SIGNATURE')
  );
}
