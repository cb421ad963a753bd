import type { TelemetryApi } from '../src/index.js';

/** One span as {@link recordingTelemetryApi} kept it. */
export interface RecordedSpan {
  name: string;
  attributes: Record<string, unknown>;
  status?: { code: number; message?: string };
  ended: boolean;
}

/**
 * A recording stand-in for `@opentelemetry/api` with an SDK registered (for core's
 * `setTelemetryApi`), for the tests of packages that have no OpenTelemetry SDK among their
 * dependencies; core's telemetry tests run the real SDK.
 */
export function recordingTelemetryApi(spans: RecordedSpan[]): TelemetryApi {
  const span = (name: string, attributes: Record<string, unknown> = {}) => {
    const recorded: RecordedSpan = { name, attributes: { ...attributes }, ended: false };
    spans.push(recorded);
    return {
      setAttribute: (key: string, value: unknown) => {
        recorded.attributes[key] = value;
      },
      setStatus: (status: { code: number; message?: string }) => {
        recorded.status = status;
      },
      end: () => {
        recorded.ended = true;
      },
    };
  };
  return {
    trace: {
      getTracer: () => ({
        startActiveSpan: (name, options, fn) => fn(span(name, options.attributes)),
        startSpan: (name, options) => span(name, options.attributes),
      }),
    },
    metrics: {
      getMeter: () => ({
        createCounter: () => ({ add: () => undefined }),
        createHistogram: () => ({ record: () => undefined }),
      }),
    },
  };
}
