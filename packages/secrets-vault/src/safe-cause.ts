const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'ETIMEDOUT',
  'EAI_AGAIN',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_SOCKET',
  'ECONNABORTED',
  'ERR_NETWORK',
]);

/** True for a failure to reach the service (refused, reset, DNS, timeout, TLS), not an answer. */
export function isNetworkError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') {
    if (NETWORK_CODES.has(code)) return true;
    if (code.startsWith('ERR_TLS') || code.includes('CERT') || code.includes('SIGNATURE')) {
      return true;
    }
  }
  return error.name === 'TimeoutError' || error.name === 'AbortError';
}

/**
 * A copy of an SDK or network error that keeps its name, code and (when `keepMessage`) message,
 * and drops everything else: requests with their auth headers, responses, parser text.
 */
export function safeCause(error: unknown, keepMessage: boolean): Error {
  if (!(error instanceof Error)) return new Error('non-error thrown');
  const copy = new Error(keepMessage ? error.message : error.name);
  copy.name = error.name;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') Object.assign(copy, { code });
  return copy;
}
