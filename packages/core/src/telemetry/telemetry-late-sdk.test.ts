import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { CollectingReader } from '../../test/collecting-reader.js';
import { countMetric, loadTelemetryApi, withLeafSpan, withSpan } from './telemetry.js';
import { withHttpClientSpan } from './with-http-client-span.js';

// Its own file: the other telemetry tests register an SDK for the whole file, these start without.

const clock = { now: () => 1_000_000 };
const url = new URL('https://api.example.com/accounts?limit=1');

/** One of each: an HTTP client attempt, a span, a leaf span and a counted decision. */
async function work(tag: string): Promise<void> {
  await withHttpClientSpan(
    { method: 'GET', url, attempt: 1, clock, attributes: { 'test.tag': tag } },
    async () => 200,
    (status) => status,
  );
  await withSpan(`span ${tag}`, {}, async () => undefined);
  await withLeafSpan(`leaf ${tag}`, {}, () => undefined);
  countMetric('dual_auth.decisions', { 'dual_auth.decision': tag });
}

function tracing() {
  const exporter = new InMemorySpanExporter();
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  return () => exporter.getFinishedSpans().map((span) => span.name);
}

function metering() {
  const reader = new CollectingReader();
  metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  return async () => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .flatMap((metric) =>
        metric.dataPoints.map((point) =>
          metric.descriptor.name === 'dual_auth.decisions'
            ? `${metric.descriptor.name} ${String(point.attributes['dual_auth.decision'])}`
            : `${metric.descriptor.name} ${(point.value as { count: number }).count}`,
        ),
      );
  };
}

afterEach(() => {
  trace.disable();
  metrics.disable();
});

describe('telemetry without an SDK at first', () => {
  it('records the spans and metrics made after a tracer and a meter provider are registered late', async () => {
    await loadTelemetryApi();
    await work('before');
    const spans = tracing();
    const points = metering();
    await work('after');
    expect(spans()).toEqual(['GET', 'span after', 'leaf after']);
    expect(await points()).toEqual(['http.client.request.duration 1', 'dual_auth.decisions after']);
  });

  it('a tracer provider alone gets the spans, a meter provider alone the metrics', async () => {
    await loadTelemetryApi();
    const spans = tracing();
    await work('traced');
    expect(spans()).toEqual(['GET', 'span traced', 'leaf traced']);
    trace.disable();
    const points = metering();
    await work('metered');
    expect(spans()).toEqual(['GET', 'span traced', 'leaf traced']);
    expect(await points()).toEqual([
      'http.client.request.duration 1',
      'dual_auth.decisions metered',
    ]);
  });

  it('builds attributes given as a function only for a span something records: never while no tracer provider is registered', async () => {
    await loadTelemetryApi();
    const built: string[] = [];
    const attributes = (tag: string) => () => {
      built.push(tag);
      return { 'test.tag': tag };
    };
    const lazyWork = async (tag: string) => {
      await withSpan(`span ${tag}`, { attributes: attributes(`span ${tag}`) }, async () => 1);
      await withLeafSpan(`leaf ${tag}`, { attributes: attributes(`leaf ${tag}`) }, () => 2);
      await withHttpClientSpan(
        { method: 'GET', url, attempt: 1, clock, attributes: attributes(`GET ${tag}`) },
        async () => 200,
        (status) => status,
      );
    };
    await lazyWork('idle');
    // A meter provider alone records no span: the span attributes are still not built.
    metering();
    await lazyWork('metered');
    expect(built).toEqual([]);
    const spans = tracing();
    await lazyWork('traced');
    expect(built).toEqual(['span traced', 'leaf traced', 'GET traced']);
    expect(spans()).toEqual(['span traced', 'leaf traced', 'GET']);
  });

  it('a provider registered again after disable() gets the next spans', async () => {
    await loadTelemetryApi();
    tracing();
    trace.disable();
    await work('off');
    const spans = tracing();
    await work('again');
    expect(spans()).toEqual(['GET', 'span again', 'leaf again']);
  });
});
