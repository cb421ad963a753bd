import { describe, expect, it } from 'vitest';
import { globalTelemetrySdkPerSuite } from '../../test/global-telemetry-sdk.js';
import { SECRET, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';

const { exporter, reader } = globalTelemetrySdkPerSuite();

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

  it('times each attempt in http.client.request.duration by the clock, without url.full', async () => {
    const { call } = await harness.run(
      [{ status: 503 }, { body: { access_token: 'AT', expires_in: 300 } }],
      { random: () => new Uint8Array([255, 255]), clock: { now: () => 1_000_000 } },
    );
    await call;
    const url = new URL(harness.server()?.url ?? '');
    const { resourceMetrics } = await reader.collect();
    const points = resourceMetrics.scopeMetrics
      .flatMap((scope) => scope.metrics)
      .filter((metric) => metric.descriptor.name === 'http.client.request.duration')
      .flatMap((metric) =>
        metric.dataPoints.map((point) => ({
          unit: metric.descriptor.unit,
          attributes: point.attributes,
          value: point.value as { count: number; sum: number },
        })),
      )
      // The reader's totals include the other test's attempts, to another server.
      .filter((point) => point.attributes['server.port'] === Number(url.port));
    const common = {
      'http.request.method': 'POST',
      'server.address': url.hostname,
      'server.port': Number(url.port),
    };
    expect(points).toEqual([
      {
        unit: 's',
        attributes: { ...common, 'http.response.status_code': 503, 'error.type': '503' },
        value: expect.objectContaining({ count: 1, sum: 0 }),
      },
      {
        unit: 's',
        attributes: { ...common, 'http.response.status_code': 200 },
        value: expect.objectContaining({ count: 1, sum: 0 }),
      },
    ]);
  });
});
