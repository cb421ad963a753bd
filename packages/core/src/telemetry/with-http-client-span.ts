import type { Clock } from '../contracts/clock.js';
import { httpClientAttributes } from './http-client-attributes.js';
import {
  errorType,
  type LazyTelemetryAttributes,
  recordDuration,
  resolveAttributes,
  type TelemetryAttributes,
  telemetryIdle,
  withSpan,
} from './telemetry.js';

/** One HTTP client attempt, as {@link withHttpClientSpan} traces and times it. */
export interface HttpClientAttempt {
  readonly method: string;
  readonly url: URL;
  /** 1 for the first attempt. */
  readonly attempt: number;
  /** Times the attempt for `http.client.request.duration`. */
  readonly clock: Clock;
  /**
   * More attributes of the span (IAM ids), not of the metric; a function is called only when the
   * span is made (see {@link LazyTelemetryAttributes}).
   */
  readonly attributes?: LazyTelemetryAttributes;
}

/**
 * Runs one HTTP client attempt inside an HTTP client span and records its duration in
 * `http.client.request.duration` (OTel HTTP semantic conventions, stable: the span named by the
 * method with {@link httpClientAttributes}; the metric in seconds by `http.request.method`,
 * `server.address`, `server.port`, `http.response.status_code` and `error.type`, never
 * `url.full`). `outcome` reads from what `run` resolved to the answer's status, or why no answer
 * came (`timeout`, `network`, …): a status from 400 on, or that reason, marks the attempt failed
 * with it as `error.type`. A rejection of `run` is recorded with the error's code as `error.type`
 * and rethrown.
 *
 * @example
 * const response = await withHttpClientSpan(
 *   { method: 'GET', url, attempt: 1, clock: systemClock },
 *   () => fetch(url),
 *   (answer) => answer.status,
 * );
 */
export function withHttpClientSpan<T>(
  attempt: HttpClientAttempt,
  run: () => Promise<T>,
  outcome: (result: T) => number | string,
): Promise<T> {
  if (telemetryIdle()) {
    // Nothing would keep the span or the record: only the attempt runs (a throw still rejects).
    try {
      return run();
    } catch (error) {
      return Promise.reject(error);
    }
  }
  const { method, url, clock } = attempt;
  const attributes = httpClientAttributes(method, url, attempt.attempt);
  const spanAttributes = () => ({ ...attributes, ...resolveAttributes(attempt.attributes) });
  return withSpan(method, { kind: 'client', attributes: spanAttributes }, async (span) => {
    const startedAt = clock.now();
    const record = (answer: TelemetryAttributes) =>
      recordDuration('http.client.request.duration', (clock.now() - startedAt) / 1000, {
        'http.request.method': method,
        'server.address': attributes['server.address'],
        'server.port': attributes['server.port'],
        ...answer,
      });
    let result: T;
    try {
      result = await run();
    } catch (error) {
      record({ 'error.type': errorType(error) });
      throw error;
    }
    const answer = outcome(result);
    const status = typeof answer === 'number' ? answer : undefined;
    const failure =
      status === undefined ? String(answer) : status >= 400 ? String(status) : undefined;
    if (status !== undefined) span.setAttributes({ 'http.response.status_code': status });
    if (failure !== undefined) span.fail(failure);
    record({ 'http.response.status_code': status, 'error.type': failure });
    return result;
  });
}
