import { metrics, trace } from '@opentelemetry/api';
import { MeterProvider } from '@opentelemetry/sdk-metrics';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll } from 'vitest';
import { CollectingReader } from './collecting-reader.js';

/** Where the globally registered OTel SDK of {@link globalTelemetrySdkPerSuite} records. */
export interface RecordedTelemetry {
  /** The finished spans, in memory. */
  exporter: InMemorySpanExporter;
  /** The metrics, read on demand with `collect()`. */
  reader: CollectingReader;
}

/**
 * Registers the OTel SDK as the global tracer and meter provider before the tests of the
 * enclosing suite (a file, or a `describe`), recording into what it returns; disables both
 * globals after them.
 */
export function globalTelemetrySdkPerSuite(): RecordedTelemetry {
  const exporter = new InMemorySpanExporter();
  const reader = new CollectingReader();
  beforeAll(() => {
    trace.setGlobalTracerProvider(
      new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
    );
    metrics.setGlobalMeterProvider(new MeterProvider({ readers: [reader] }));
  });
  afterAll(() => {
    trace.disable();
    metrics.disable();
  });
  return { exporter, reader };
}
