import { afterEach, describe, expect, it } from 'vitest';
import {
  countMetric,
  recordDuration,
  setTelemetryApi,
  type TelemetryApi,
  withLeafSpan,
  withSpan,
} from './telemetry.js';
import { withHttpClientSpan } from './with-http-client-span.js';

// An SDK that throws from one place: what a faulty or hostile tracer or meter provider does.
type Fault =
  | 'getTracer'
  | 'startSpan'
  | 'setAttribute'
  | 'setStatus'
  | 'end'
  | 'getMeter'
  | 'createInstrument'
  | 'add'
  | 'record';

/** The API with an SDK that throws from `fault`, once set (setTelemetryApi asks for a tracer). */
function useFaultyApi(fault: Fault): void {
  let armed = false;
  const maybe =
    <F extends (...args: never[]) => unknown>(where: Fault, ok: F) =>
    (...args: Parameters<F>): ReturnType<F> => {
      if (armed && where === fault) throw new Error(`telemetry fault in ${where}`);
      return ok(...args) as ReturnType<F>;
    };
  const span = {
    setAttribute: maybe('setAttribute', () => undefined),
    setStatus: maybe('setStatus', () => undefined),
    end: maybe('end', () => undefined),
  };
  setTelemetryApi({
    trace: {
      getTracer: maybe('getTracer', () => ({
        startSpan: maybe('startSpan', () => span),
        startActiveSpan: maybe(
          'startSpan',
          (_name: string, _options: object, fn: (s: typeof span) => unknown) => fn(span),
        ),
      })),
    },
    metrics: {
      getMeter: maybe('getMeter', () => ({
        createCounter: maybe('createInstrument', () => ({ add: maybe('add', () => undefined) })),
        createHistogram: maybe('createInstrument', () => ({
          record: maybe('record', () => undefined),
        })),
      })),
    },
  } as unknown as TelemetryApi);
  armed = true;
}

/** An HTTP client attempt, traced and timed, whose answer has `status`. */
function attemptAnswering(status: number): Promise<number> {
  const url = new URL('https://api.example/balance');
  const clock = { now: () => 0 };
  return withHttpClientSpan(
    { method: 'GET', url, attempt: 1, clock },
    async () => status,
    (answer) => answer,
  );
}

afterEach(() => setTelemetryApi(undefined));

describe('telemetry with a faulty OTel SDK never changes an answer or an error', () => {
  it.each(['getTracer', 'startSpan', 'setAttribute', 'setStatus', 'end'] as const)(
    'spans, when %s throws: the answer and the real error come through',
    async (fault) => {
      useFaultyApi(fault);
      const real = new TypeError('the real error');
      const attributes = { attributes: { 'dual_auth.agent.id': 'agent-1' } };
      await expect(
        withSpan('dual_auth.ok', attributes, async (span) => {
          span.setAttributes({ 'dual_auth.cache.result': 'hit' });
          return 'ok';
        }),
      ).resolves.toBe('ok');
      await expect(
        withSpan('dual_auth.failing', attributes, () => Promise.reject(real)),
      ).rejects.toBe(real);
      await expect(
        withSpan('dual_auth.failing', attributes, async (span) => {
          span.fail('store_down');
          throw real;
        }),
      ).rejects.toBe(real);
      let leaf: Promise<string> | undefined;
      expect(() => {
        leaf = withLeafSpan('dual_auth.leaf', attributes, (span) => {
          span.setAttributes({ 'dual_auth.cache.result': 'hit' });
          return 'ok';
        });
      }).not.toThrow();
      await expect(leaf).resolves.toBe('ok');
      await expect(
        withLeafSpan('dual_auth.leaf', attributes, () => {
          throw real;
        }),
      ).rejects.toBe(real);
      await expect(attemptAnswering(503)).resolves.toBe(503);
    },
  );

  it.each(['getMeter', 'createInstrument', 'add', 'record'] as const)(
    'metrics, when %s throws: nothing is thrown at the caller',
    async (fault) => {
      useFaultyApi(fault);
      expect(() =>
        countMetric('dual_auth.decisions', { 'dual_auth.decision': 'allow' }),
      ).not.toThrow();
      expect(() =>
        recordDuration('dual_auth.decision.duration', 0.01, { 'dual_auth.decision': 'allow' }),
      ).not.toThrow();
      await expect(attemptAnswering(200)).resolves.toBe(200);
    },
  );
});
