import { MetricReader } from '@opentelemetry/sdk-metrics';

/** An OTel SDK metric reader that reads on demand (`collect()`): no export timer. */
export class CollectingReader extends MetricReader {
  protected async onForceFlush(): Promise<void> {}
  protected async onShutdown(): Promise<void> {}
}
