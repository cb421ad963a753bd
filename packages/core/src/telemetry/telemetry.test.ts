import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { TokenRequestError } from '../errors/token-request-error.js';
import { countMetric, loadTelemetryApi, setTelemetryApi, withSpan } from './telemetry.js';

/** Reads the SDK's metrics on demand (no export timer). */
class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

const exporter = new InMemorySpanExporter();
const reader = new CollectingReader();

beforeAll(() => {
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
});
afterEach(() => {
  exporter.reset();
  setTelemetryApi(undefined);
});
afterAll(() => {
  trace.disable();
  metrics.disable();
});

async function counted(): Promise<Record<string, number>> {
  const { resourceMetrics } = await reader.collect();
  const out: Record<string, number> = {};
  for (const scope of resourceMetrics.scopeMetrics) {
    for (const metric of scope.metrics) {
      for (const point of metric.dataPoints) {
        out[`${metric.descriptor.name} ${JSON.stringify(point.attributes)}`] =
          point.value as number;
      }
    }
  }
  return out;
}

describe('telemetry helper', () => {
  it('without @opentelemetry/api: runs the work, records no span and no metric', async () => {
    await loadTelemetryApi(() =>
      Promise.reject(new Error("Cannot find package '@opentelemetry/api'")),
    );
    await expect(withSpan('dual_auth.test', {}, async () => 42)).resolves.toBe(42);
    countMetric('dual_auth.decisions', { 'dual_auth.decision': 'ABSENT' });
    await Promise.resolve();
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(Object.keys(await counted()).filter((k) => k.includes('ABSENT'))).toEqual([]);
  });

  it('loads @opentelemetry/api at the first span and records spans with their attributes', async () => {
    const result = await withSpan(
      'POST',
      { kind: 'client', attributes: { 'http.request.method': 'POST', skipped: undefined } },
      async (span) => {
        span.setAttributes({ 'http.response.status_code': 200 });
        return 'done';
      },
    );
    expect(result).toBe('done');
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('POST');
    expect(span?.kind).toBe(2);
    expect(span?.instrumentationScope.name).toBe('@dual-auth');
    expect(span?.attributes).toEqual({
      'http.request.method': 'POST',
      'http.response.status_code': 200,
    });
  });

  it('a failure marks the span with the error code, never its message, and is rethrown', async () => {
    const error = new TokenRequestError({ message: 'refused for alice@example.com' });
    await expect(
      withSpan('dual_auth.token_request', {}, async () => {
        throw error;
      }),
    ).rejects.toBe(error);
    const [span] = exporter.getFinishedSpans();
    expect(span?.attributes).toEqual({ 'error.type': 'ERR_TOKEN_REQUEST' });
    expect(span?.status).toEqual({ code: 2, message: 'ERR_TOKEN_REQUEST' });
  });

  it('counts metrics with their attributes, also when counted before the API loaded', async () => {
    countMetric('dual_auth.token_cache.lookups', { 'dual_auth.cache.result': 'hit' });
    countMetric('dual_auth.token_cache.lookups', { 'dual_auth.cache.result': 'hit' });
    countMetric('dual_auth.token_cache.lookups', { 'dual_auth.cache.result': 'miss' });
    await loadTelemetryApi();
    await Promise.resolve();
    const values = await counted();
    expect(values['dual_auth.token_cache.lookups {"dual_auth.cache.result":"hit"}']).toBe(2);
    expect(values['dual_auth.token_cache.lookups {"dual_auth.cache.result":"miss"}']).toBe(1);
  });

  it('setTelemetryApi(null) turns telemetry off; another value is refused', async () => {
    setTelemetryApi(null);
    await withSpan('dual_auth.off', {}, async () => undefined);
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(() => setTelemetryApi({} as never)).toThrow(/@opentelemetry\/api module/);
  });
});
