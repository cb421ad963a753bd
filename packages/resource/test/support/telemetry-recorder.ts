import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider, MetricReader } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  type ReadableSpan,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';

/** Reads the SDK's metrics on demand: no export timer, so nothing depends on time. */
class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}

/** One data point of a metric: its name, unit, attributes, and a counter's sum or a histogram's count. */
export interface CountedPoint {
  name: string;
  unit: string;
  attributes: Record<string, unknown>;
  value: number;
}

/** The OTel SDK registered globally with an in-memory span exporter and an on-demand reader. */
export interface TelemetryRecorder {
  spans(): ReadableSpan[];
  points(): Promise<CountedPoint[]>;
  /** Sum of `name`'s points whose attributes include `match` (recordings, for a histogram). */
  count(name: string, match?: Record<string, unknown>): Promise<number>;
  reset(): void;
  stop(): void;
}

/** Registers the SDK as the global tracer and meter provider (call `stop` after the tests). */
export function recordTelemetry(): TelemetryRecorder {
  const exporter = new InMemorySpanExporter();
  let reader = new CollectingReader();
  const register = () => {
    metrics.disable();
    reader = new CollectingReader();
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  };
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
  register();
  const points = async (): Promise<CountedPoint[]> => {
    const { resourceMetrics } = await reader.collect();
    return resourceMetrics.scopeMetrics.flatMap((scope) =>
      scope.metrics.flatMap((metric) =>
        metric.dataPoints.map((point) => ({
          name: metric.descriptor.name,
          unit: metric.descriptor.unit,
          attributes: { ...point.attributes },
          value: typeof point.value === 'number' ? point.value : point.value.count,
        })),
      ),
    );
  };
  return {
    spans: () => exporter.getFinishedSpans(),
    points,
    count: async (name, match = {}) =>
      (await points())
        .filter((p) => p.name === name)
        .filter((p) => Object.entries(match).every(([k, v]) => p.attributes[k] === v))
        .reduce((sum, p) => sum + p.value, 0),
    reset: () => {
      exporter.reset();
      register();
    },
    stop: () => {
      trace.disable();
      metrics.disable();
    },
  };
}
