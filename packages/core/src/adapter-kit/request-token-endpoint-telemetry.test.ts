import { trace } from '@opentelemetry/api';
import {
  BasicTracerProvider,
  InMemorySpanExporter,
  SimpleSpanProcessor,
} from '@opentelemetry/sdk-trace-base';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SECRET, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';

const exporter = new InMemorySpanExporter();
beforeAll(() => {
  trace.setGlobalTracerProvider(
    new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }),
  );
});
afterAll(() => trace.disable());

const harness = tokenEndpointHarness();

describe('requestTokenEndpoint: OpenTelemetry', () => {
  it('one HTTP client span per attempt and one span per wait between them', async () => {
    const { call } = await harness.run(
      [{ status: 503 }, { body: { access_token: 'AT', expires_in: 300 } }],
      { random: () => new Uint8Array([255, 255]) },
    );
    await call;
    const url = new URL(harness.server()?.url ?? '');
    const spans = exporter.getFinishedSpans();
    expect(spans.map((s) => [s.name, s.kind])).toEqual([
      ['POST', 2],
      ['dual_auth.retry_wait', 0],
      ['POST', 2],
    ]);
    expect(spans[0]?.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': url.hostname,
      'server.port': Number(url.port),
      'url.full': `${url.origin}${url.pathname}`,
      'http.response.status_code': 503,
      'error.type': '503',
    });
    expect(spans[0]?.status.code).toBe(2);
    expect(spans[1]?.attributes).toEqual({ 'dual_auth.attempt': 1, 'dual_auth.wait_ms': 1000 });
    expect(spans[2]?.attributes).toMatchObject({
      'http.request.resend_count': 1,
      'http.response.status_code': 200,
    });
    expect(JSON.stringify(spans.map((s) => s.attributes))).not.toContain(SECRET);
  });
});
