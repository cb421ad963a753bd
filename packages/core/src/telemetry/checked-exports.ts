// The telemetry helpers @dual-auth/core exports, as exported: each checks its arguments, then runs
// core's own helper, which core's adapters call unchecked (their arguments are their own). A
// wrong argument is a TypeError (rejected, for the helpers that answer with a promise) naming it
// and what to pass: never "run is not a function" or "Cannot read properties of undefined" from
// inside, after a span was opened.
import { requireValue } from '../config/check-option.js';
import { rejecting, requireObject, requireUrl } from '../config/require-argument.js';
import { httpClientAttributes as attributesUnchecked } from './http-client-attributes.js';
import {
  withLeafSpan as withLeafSpanUnchecked,
  withSpan as withSpanUnchecked,
} from './telemetry.js';
import { withHttpClientSpan as withHttpSpanUnchecked } from './with-http-client-span.js';

function checkSpan(name: unknown, options: unknown, run: unknown): void {
  requireValue(name, 'name', 'string');
  requireValue(options, 'options', 'object');
  requireValue(run, 'run', 'function');
}

/**
 * Runs `run` in an OpenTelemetry span named `name` (a no-op span while no SDK is registered).
 *
 * @throws TypeError (rejected) when `name` is not a string, `options` not an object or `run` not
 *   a function.
 */
export const withSpan: typeof withSpanUnchecked = /* @__PURE__ */ rejecting(
  checkSpan,
  withSpanUnchecked,
) as typeof withSpanUnchecked;

/**
 * Runs the synchronous `run` in a leaf span named `name`; see `withSpan`.
 *
 * @throws TypeError (rejected) as `withSpan`.
 */
export const withLeafSpan: typeof withLeafSpanUnchecked = /* @__PURE__ */ rejecting(
  checkSpan,
  withLeafSpanUnchecked,
) as typeof withLeafSpanUnchecked;

/**
 * Runs one HTTP attempt in an OpenTelemetry client span, and records its duration.
 *
 * @throws TypeError (rejected) when `attempt` is not an object (or cannot be read), its `method`
 *   not a string, `url` not a URL or `clock` not a Clock, or `run`, `outcome` not functions.
 */
export const withHttpClientSpan: typeof withHttpSpanUnchecked = async (attempt, run, outcome) => {
  const given = requireObject(attempt, 'attempt');
  requireValue(given.method, 'attempt.method', 'string');
  requireUrl(given.url, 'attempt.url');
  requireValue(given.clock, 'attempt.clock', 'clock');
  requireValue(run, 'run', 'function');
  requireValue(outcome, 'outcome', 'function');
  return withHttpSpanUnchecked(given, run, outcome);
};

/**
 * The OpenTelemetry HTTP client attributes of one attempt (`http.request.method`, `server.address`…).
 *
 * @throws TypeError when `method` is not a string, `url` not a URL or `attempt` not a number.
 */
export const httpClientAttributes: typeof attributesUnchecked = (method, url, attempt) =>
  attributesUnchecked(
    requireValue(method, 'method', 'string'),
    requireUrl(url, 'url'),
    requireValue(attempt, 'attempt', 'number'),
  );
