import { urlRouteForLogging } from '../redaction/redact.js';
import type { TelemetryAttributes } from './telemetry.js';

/**
 * The attributes of an HTTP client span by the OTel semantic conventions (HTTP spans, stable):
 * `http.request.method`, `server.address`, `server.port`, `url.full` (as
 * {@link urlRouteForLogging} gives it: the origin and the trimmed path, no credentials, query,
 * fragment or path parameters, and a segment that may name a person or hold a secret, such as an
 * email, as `:redacted`) and, from the second attempt on, `http.request.resend_count`.
 *
 * @param attempt - 1 for the first attempt.
 */
export function httpClientAttributes(
  method: string,
  url: URL,
  attempt: number,
): TelemetryAttributes {
  const defaultPort = url.protocol === 'https:' ? 443 : 80;
  return {
    'http.request.method': method,
    'server.address': url.hostname,
    'server.port': url.port === '' ? defaultPort : Number(url.port),
    'url.full': urlRouteForLogging(url),
    'http.request.resend_count': attempt > 1 ? attempt - 1 : undefined,
  };
}
