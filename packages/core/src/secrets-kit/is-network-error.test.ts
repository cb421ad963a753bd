import { describe, expect, it } from 'vitest';
import { isNetworkError } from './is-network-error.js';

const withCode = (code: unknown, name = 'Error'): Error =>
  Object.assign(new Error('x'), { code, name });

describe('isNetworkError', () => {
  it('recognises socket, DNS, timeout and TLS failures by code', () => {
    for (const code of [
      'ECONNREFUSED',
      'ECONNRESET',
      'ENOTFOUND',
      'EAI_AGAIN',
      'UND_ERR_SOCKET',
      'UND_ERR_CONNECT_TIMEOUT',
      'ERR_TLS_CERT_ALTNAME_INVALID',
      'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
      'SELF_SIGNED_CERT_IN_CHAIN',
      'DEPTH_ZERO_SELF_SIGNED_CERT',
    ]) {
      expect(isNetworkError(withCode(code)), code).toBe(true);
    }
  });

  it('recognises timeouts and aborts by name', () => {
    expect(isNetworkError(new DOMException('late', 'TimeoutError'))).toBe(true);
    expect(isNetworkError(withCode(undefined, 'AbortError'))).toBe(true);
  });

  it("follows the cause chain, where fetch puts the socket's error", () => {
    const fetchFailed = new TypeError('fetch failed', { cause: withCode('ECONNREFUSED') });
    expect(isNetworkError(fetchFailed)).toBe(true);
    const deep = new Error('a', { cause: new Error('b', { cause: withCode('ECONNRESET') }) });
    expect(isNetworkError(deep)).toBe(true);
  });

  it('is false for answers, other codes and non-errors', () => {
    expect(isNetworkError(withCode('AccessDeniedException'))).toBe(false);
    expect(isNetworkError(withCode(14))).toBe(false);
    expect(isNetworkError(withCode('ERR_INVALID_ARG_TYPE'))).toBe(false);
    expect(isNetworkError(new TypeError('fetch failed'))).toBe(false);
    expect(isNetworkError({ code: 'ECONNREFUSED' })).toBe(false);
    expect(isNetworkError(undefined)).toBe(false);
  });

  it('stops on a cyclic cause chain', () => {
    const a = new Error('a');
    const b = new Error('b', { cause: a });
    Object.assign(a, { cause: b });
    expect(isNetworkError(a)).toBe(false);
  });
});
