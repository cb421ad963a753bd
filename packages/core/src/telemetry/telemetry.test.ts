import { metrics, trace } from '@opentelemetry/api';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { globalTelemetrySdkPerSuite } from '../../test/global-telemetry-sdk.js';
import { TokenRequestError } from '../errors/token-request-error.js';
import {
  countMetric,
  loadTelemetryApi,
  recordDuration,
  setTelemetryApi,
  withLeafSpan,
  withSpan,
} from './telemetry.js';
import { withHttpClientSpan } from './with-http-client-span.js';

const { exporter, reader } = globalTelemetrySdkPerSuite();
// Each test starts from the module state of a fresh load: another file in the same worker
// (vitest `isolate: false`) may already have looked `@opentelemetry/api` up.
beforeEach(() => setTelemetryApi(undefined));
afterEach(() => {
  exporter.reset();
  setTelemetryApi(undefined);
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

/** The histogram points of `name` whose attributes include `match`. */
async function durations(name: string, match: Record<string, unknown>) {
  const { resourceMetrics } = await reader.collect();
  return resourceMetrics.scopeMetrics
    .flatMap((scope) => scope.metrics)
    .filter((metric) => metric.descriptor.name === name)
    .flatMap((metric) =>
      metric.dataPoints.map((point) => ({
        unit: metric.descriptor.unit,
        attributes: point.attributes,
        value: point.value as { count: number; sum: number; buckets: { boundaries: number[] } },
      })),
    )
    .filter((point) => Object.entries(match).every(([k, v]) => point.attributes[k] === v));
}

/** A clock that moves `stepMs` each time it is read. */
function steppingClock(stepMs: number) {
  let now = 1_000_000;
  return { now: () => (now += stepMs) };
}

describe('telemetry helper', () => {
  it('without @opentelemetry/api: runs the work, records no span and no metric', async () => {
    await loadTelemetryApi(() =>
      Promise.reject(new Error("Cannot find package '@opentelemetry/api'")),
    );
    await expect(withSpan('dual_auth.test', {}, async () => 42)).resolves.toBe(42);
    countMetric('dual_auth.decisions', { 'dual_auth.decision': 'ABSENT' });
    recordDuration('dual_auth.decision.duration', 0.5, { 'dual_auth.decision': 'ABSENT' });
    await Promise.resolve();
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(Object.keys(await counted()).filter((k) => k.includes('ABSENT'))).toEqual([]);
    expect(
      await durations('dual_auth.decision.duration', { 'dual_auth.decision': 'ABSENT' }),
    ).toEqual([]);
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

  it('error.type is a code only when it looks like one, else the class name as errorClassOf gives it: a name or code holding user data never reaches the backend', async () => {
    const named = Object.assign(new Error('boom'), { name: 'alice@example.com' });
    const coded = Object.assign(new Error('boom'), { code: 'user alice@example.com not found' });
    const undici = Object.assign(new TypeError('fetch failed'), {
      code: 'UND_ERR_CONNECT_TIMEOUT',
    });
    const system = Object.assign(new Error('connect'), { code: 'ECONNREFUSED' });
    const node = Object.assign(new RangeError('x'), { code: 'ERR_OUT_OF_RANGE' });
    for (const error of [named, coded, undici, system, node, 'a string']) {
      await withSpan('dual_auth.x', {}, () => Promise.reject(error)).catch(() => undefined);
    }
    expect(
      exporter
        .getFinishedSpans()
        .map((span) => [span.attributes['error.type'], span.status.message]),
    ).toEqual([
      ['Error', 'Error'],
      ['Error', 'Error'],
      ['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT'],
      ['ECONNREFUSED', 'ECONNREFUSED'],
      ['ERR_OUT_OF_RANGE', 'ERR_OUT_OF_RANGE'],
      ['string', 'string'],
    ]);
    exporter.reset();
    const url = new URL('https://api.example:9444/balance');
    await withHttpClientSpan(
      { method: 'GET', url, attempt: 1, clock: steppingClock(1) },
      () => Promise.reject(coded),
      () => 200,
    ).catch(() => undefined);
    expect(exporter.getFinishedSpans()[0]?.attributes['error.type']).toBe('Error');
    const points = await durations('http.client.request.duration', { 'server.port': 9444 });
    expect(points.map((point) => point.attributes['error.type'])).toEqual(['Error']);
  });

  it('withLeafSpan records a span around synchronous work (not the active one), also at the first span before the API loaded', async () => {
    const result = withLeafSpan(
      'dual_auth.token_cache.lookup',
      { attributes: { 'dual_auth.agent.id': 'agent-1', skipped: undefined } },
      (span) => {
        span.setAttributes({ 'dual_auth.cache.result': 'hit' });
        return 'token';
      },
    );
    await expect(result).resolves.toBe('token');
    await loadTelemetryApi();
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('dual_auth.token_cache.lookup');
    expect(span?.kind).toBe(0);
    expect(span?.attributes).toEqual({
      'dual_auth.agent.id': 'agent-1',
      'dual_auth.cache.result': 'hit',
    });
  });

  it('withLeafSpan before the API was looked up settles at once, and records its span, with the times it ran, once the look-up ends', async () => {
    let release = (): void => undefined;
    const lookUp = new Promise<void>((resolve) => {
      release = resolve;
    });
    void loadTelemetryApi(() => lookUp.then(() => ({ trace, metrics })));
    const settled: string[] = [];
    const before = Date.now();
    void withLeafSpan('dual_auth.token_cache.lookup', {}, (span) => {
      span.setAttributes({ 'dual_auth.cache.result': 'hit' });
      return 'token';
    }).then((value) => settled.push(value));
    const error = new TokenRequestError({ message: 'refused' });
    void withLeafSpan('dual_auth.b', {}, () => {
      throw error;
    }).catch((reason: unknown) => settled.push(reason === error ? 'rejected' : 'other'));
    const after = Date.now();
    await Promise.resolve();
    expect(settled).toEqual(['token', 'rejected']);
    expect(exporter.getFinishedSpans()).toEqual([]);

    release();
    await loadTelemetryApi();
    const [hit, failed] = exporter.getFinishedSpans();
    expect(hit?.name).toBe('dual_auth.token_cache.lookup');
    expect(hit?.attributes).toEqual({ 'dual_auth.cache.result': 'hit' });
    const ms = ([seconds, nanos]: readonly [number, number]) => seconds * 1000 + nanos / 1e6;
    expect(ms(hit?.startTime ?? [0, 0])).toBeGreaterThanOrEqual(before);
    expect(ms(hit?.endTime ?? [0, 0])).toBeLessThanOrEqual(after);
    expect(failed?.status).toEqual({ code: 2, message: 'ERR_TOKEN_REQUEST' });
  });

  it('withLeafSpan: a throw marks the span with the error code (or the reason given to fail) and rejects', async () => {
    const error = new TokenRequestError({ message: 'refused for alice@example.com' });
    await expect(
      withLeafSpan('dual_auth.a', {}, () => {
        throw error;
      }),
    ).rejects.toBe(error);
    await expect(
      withLeafSpan('dual_auth.b', {}, (span) => {
        span.fail('store_down');
        throw error;
      }),
    ).rejects.toBe(error);
    await loadTelemetryApi();
    const [a, b] = exporter.getFinishedSpans();
    expect(a?.status).toEqual({ code: 2, message: 'ERR_TOKEN_REQUEST' });
    expect(b?.attributes).toEqual({ 'error.type': 'store_down' });
  });

  it('attributes given as a function: the spans carry what it builds, as given as an object (withSpan, withLeafSpan before and after the look-up)', async () => {
    const built = () => ({ 'dual_auth.agent.id': 'agent-1', 'dual_auth.human.id': 'u-1' });
    // The first leaf span starts before @opentelemetry/api is looked up.
    await withLeafSpan('dual_auth.early', { attributes: built }, () => undefined);
    await loadTelemetryApi();
    await withLeafSpan('dual_auth.leaf', { attributes: built }, () => undefined);
    await withSpan('dual_auth.span', { attributes: built }, async () => undefined);
    await withSpan('dual_auth.object', { attributes: built() }, async () => undefined);
    expect(exporter.getFinishedSpans().map((span) => [span.name, span.attributes])).toEqual(
      ['dual_auth.early', 'dual_auth.leaf', 'dual_auth.span', 'dual_auth.object'].map((name) => [
        name,
        { 'dual_auth.agent.id': 'agent-1', 'dual_auth.human.id': 'u-1' },
      ]),
    );
  });

  it('attributes given as a function that throws: the work runs and answers without a span', async () => {
    const broken = (): never => {
      throw new Error('attributes');
    };
    await loadTelemetryApi();
    await expect(withSpan('dual_auth.a', { attributes: broken }, async () => 1)).resolves.toBe(1);
    await expect(withLeafSpan('dual_auth.b', { attributes: broken }, () => 2)).resolves.toBe(2);
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('setTelemetryApi refuses an API whose tracer cannot start a span', () => {
    const noStartSpan = {
      trace: { getTracer: () => ({ startActiveSpan: () => undefined }) },
      metrics,
    };
    expect(() =>
      setTelemetryApi(noStartSpan as unknown as Parameters<typeof setTelemetryApi>[0]),
    ).toThrow(TypeError);
  });

  it('withLeafSpan without @opentelemetry/api only runs the work', async () => {
    setTelemetryApi(null);
    await expect(withLeafSpan('dual_auth.off', {}, () => 7)).resolves.toBe(7);
    expect(exporter.getFinishedSpans()).toEqual([]);
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

  it('records durations in a histogram in seconds, with the HTTP buckets, also before the API loaded', async () => {
    recordDuration('dual_auth.decision.duration', 0.25, { 'dual_auth.decision': 'EARLY' });
    recordDuration('dual_auth.decision.duration', 1.5, { 'dual_auth.decision': 'EARLY' });
    await loadTelemetryApi();
    await Promise.resolve();
    const [point, ...more] = await durations('dual_auth.decision.duration', {
      'dual_auth.decision': 'EARLY',
    });
    expect(more).toEqual([]);
    expect(point?.unit).toBe('s');
    expect(point?.attributes).toEqual({ 'dual_auth.decision': 'EARLY' });
    expect(point?.value).toMatchObject({ count: 2, sum: 1.75 });
    expect(point?.value.buckets.boundaries).toEqual([
      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
    ]);
  });
});

describe('withHttpClientSpan', () => {
  const url = new URL('https://idp.example:8443/oauth2/token?secret=query');

  it('an answer: a client span and http.client.request.duration by the semconv attributes, no url.full', async () => {
    const answer = await withHttpClientSpan(
      {
        method: 'POST',
        url,
        attempt: 2,
        clock: steppingClock(250),
        attributes: { 'dual_auth.agent.id': 'finance-agent' },
      },
      async () => ({ status: 503 }),
      (result) => result.status,
    );
    expect(answer).toEqual({ status: 503 });
    const [span] = exporter.getFinishedSpans();
    expect(span?.kind).toBe(2);
    expect(span?.attributes).toEqual({
      'http.request.method': 'POST',
      'server.address': 'idp.example',
      'server.port': 8443,
      'url.full': 'https://idp.example:8443/oauth2/token',
      'http.request.resend_count': 1,
      'dual_auth.agent.id': 'finance-agent',
      'http.response.status_code': 503,
      'error.type': '503',
    });
    const points = await durations('http.client.request.duration', { 'server.port': 8443 });
    expect(points.map((p) => [p.unit, p.attributes, p.value.count, p.value.sum])).toEqual([
      [
        's',
        {
          'http.request.method': 'POST',
          'server.address': 'idp.example',
          'server.port': 8443,
          'http.response.status_code': 503,
          'error.type': '503',
        },
        1,
        0.25,
      ],
    ]);
  });

  it('more attributes given as a function join the semconv ones on the span', async () => {
    await withHttpClientSpan(
      {
        method: 'GET',
        url: new URL('https://api.example:9445/balance'),
        attempt: 1,
        clock: steppingClock(1),
        attributes: () => ({ 'dual_auth.agent.id': 'finance-agent' }),
      },
      async () => 200,
      (status) => status,
    );
    expect(exporter.getFinishedSpans()[0]?.attributes).toEqual({
      'http.request.method': 'GET',
      'server.address': 'api.example',
      'server.port': 9445,
      'url.full': 'https://api.example:9445/balance',
      'dual_auth.agent.id': 'finance-agent',
      'http.response.status_code': 200,
    });
  });

  it('no answer: error.type is the reason, or the code of the error thrown (rethrown)', async () => {
    const other = new URL('https://api.example:9443/balance');
    const clock = steppingClock(1000);
    await withHttpClientSpan(
      { method: 'GET', url: other, attempt: 1, clock },
      async () => 'no answer',
      () => 'timeout',
    );
    const error = new TokenRequestError({ message: 'unreachable' });
    await expect(
      withHttpClientSpan(
        { method: 'GET', url: other, attempt: 2, clock },
        () => Promise.reject(error),
        () => 200,
      ),
    ).rejects.toBe(error);
    expect(exporter.getFinishedSpans().map((s) => s.attributes['error.type'])).toEqual([
      'timeout',
      'ERR_TOKEN_REQUEST',
    ]);
    const points = await durations('http.client.request.duration', { 'server.port': 9443 });
    expect(points.map((p) => [p.attributes['error.type'], p.value.sum])).toEqual([
      ['timeout', 1],
      ['ERR_TOKEN_REQUEST', 1],
    ]);
    expect(points.every((p) => !('http.response.status_code' in p.attributes))).toBe(true);
  });
});
