import type { Sleep } from '@dual-auth/core/adapter-kit';
import type { TlsClientCertificateReader } from './tls-client-certificate.js';

/**
 * `read`, given up on after `timeoutMs` (waited with `sleep`): the certificate reader is the
 * server's code (a gateway lookup, say), and a server without a request deadline would otherwise
 * wait for ever for one that stalls. Past it the reader's promise rejects with a `TimeoutError`
 * `DOMException` naming `checkTimeoutMs`, which the guard answers as it answers a reader that
 * throws: 503 `verification_unavailable`.
 */
export function boundedCertificateReader(
  read: TlsClientCertificateReader,
  timeoutMs: number,
  sleep: Sleep,
): TlsClientCertificateReader {
  return async () => {
    const settled = new AbortController();
    const timedOut = sleep(timeoutMs, settled.signal).then(
      () => {
        throw new DOMException(
          `tlsClientCertificate gave no answer within checkTimeoutMs (${timeoutMs} ms)`,
          'TimeoutError',
        );
      },
      // The reader answered first and the wait was cancelled: this side never settles.
      () => new Promise<never>(() => undefined),
    );
    try {
      return await Promise.race([Promise.resolve().then(read), timedOut]);
    } finally {
      settled.abort();
    }
  };
}
