import { systemClock } from '../contracts/clock.js';
import { errorClassOf } from '../errors/error-class-of.js';
import { VERSION } from '../version.js';

/**
 * A span or metric attribute: IAM identifiers and metadata only (agent id, `act.sub`, client id,
 * issuer, audience, reason, HTTP method and status), never a token, secret, email or name.
 * `undefined` values are left out.
 */
export type TelemetryAttributes = Readonly<
  Record<string, string | number | boolean | readonly string[] | undefined>
>;

/** The span handed to the code a {@link withSpan} wraps, to add what it learns on the way. */
export interface TelemetrySpan {
  setAttributes(attributes: TelemetryAttributes): void;
  /**
   * Marks the span as failed without a throw (an HTTP answer ≥ 400): `error.type` = `type`
   * (a status code or a reason code, never a message).
   */
  fail(type: string): void;
}

/**
 * The counters dual-auth records (the durations are {@link TelemetryHistogram}s):
 * - `dual_auth.token.requests`: token requests to the IdP, by `dual_auth.outcome` (`success`,
 *   `failure`) and `error.type`;
 * - `dual_auth.token_cache.lookups`: token-cache lookups by `dual_auth.cache.result` (`hit`,
 *   `miss`); the hit ratio is hits over all lookups;
 * - `dual_auth.verification.failures`: refused act JWTs, access tokens and act assertions, by
 *   `dual_auth.credential` and `dual_auth.reason`;
 * - `dual_auth.decisions`: resource decisions by `dual_auth.decision` and `dual_auth.failed_side`.
 */
export type TelemetryMetric =
  | 'dual_auth.token.requests'
  | 'dual_auth.token_cache.lookups'
  | 'dual_auth.verification.failures'
  | 'dual_auth.decisions';

/**
 * The histograms dual-auth records, durations in seconds (unit `s`) by the injected clock:
 * - `http.client.request.duration`: every token-endpoint attempt and every API-call attempt, by
 *   the OTel HTTP semantic conventions (stable): `http.request.method`, `server.address`,
 *   `server.port`, `http.response.status_code` when an answer came, `error.type` (the status
 *   from 400 on, or why no answer came); never `url.full`;
 * - `dual_auth.decision.duration`: resource decisions (verification and both checks) by
 *   `dual_auth.vendor`, `dual_auth.decision` and `dual_auth.failed_side`; the web framework's own
 *   instrumentation owns `http.server.request.duration`.
 *
 * Buckets: the semantic conventions' advice for HTTP durations, 5 ms to 10 s.
 */
export type TelemetryHistogram = 'http.client.request.duration' | 'dual_auth.decision.duration';

/**
 * {@link TelemetryAttributes}, or a function that builds them: it is called only when a span is
 * made (an OpenTelemetry SDK's tracer provider is registered), so a hot path that names a human
 * by a digest (`humanIdForLogging`) or allocates the attributes pays nothing while nothing
 * records. A throw of the function leaves the work without a span, as an SDK's throw does.
 */
export type LazyTelemetryAttributes = TelemetryAttributes | (() => TelemetryAttributes);

/** Options of {@link withSpan}. `kind` follows the OTel span kinds (HTTP client and server spans). */
export interface SpanOptions {
  kind?: 'internal' | 'client' | 'server';
  /** The span's attributes at its start, built lazily when given as a function. */
  attributes?: LazyTelemetryAttributes;
}

/**
 * The part of `@opentelemetry/api` dual-auth uses (structural, so no import of the package). The
 * optional members tell whether an SDK is registered (the module has them since 1.3): without
 * one, dual-auth skips building spans and metric records that nothing would keep.
 */
export interface TelemetryApi {
  /** Made once, to learn the API's no-op tracer provider (a proxy's delegate before any is set). */
  ProxyTracerProvider?: new () => { getDelegate(): unknown };
  /** The API's no-op meter, which its global meter provider hands out until an SDK is registered. */
  createNoopMeter?(): unknown;
  trace: {
    /** The global tracer provider: a proxy whose `getDelegate()` is the registered SDK's provider. */
    getTracerProvider?(): object;
    getTracer(
      name: string,
      version?: string,
    ): {
      startActiveSpan<F>(
        name: string,
        options: { kind?: number; attributes?: Record<string, unknown> },
        fn: (span: {
          setAttribute(key: string, value: unknown): unknown;
          setStatus(status: { code: number; message?: string }): unknown;
          end(): void;
        }) => F,
      ): F;
      startSpan(
        name: string,
        options: { kind?: number; attributes?: SpanAttributes; startTime?: number },
      ): {
        setAttribute(key: string, value: unknown): unknown;
        setStatus(status: { code: number; message?: string }): unknown;
        end(endTime?: number): void;
      };
    };
  };
  metrics: {
    getMeter(
      name: string,
      version?: string,
    ): {
      createCounter(
        name: string,
        options?: { description?: string; unit?: string },
      ): { add(value: number, attributes?: Record<string, unknown>): void };
      createHistogram(
        name: string,
        options?: {
          description?: string;
          unit?: string;
          advice?: { explicitBucketBoundaries?: number[] };
        },
      ): { record(value: number, attributes?: Record<string, unknown>): void };
    };
  };
}

const SCOPE = '@dual-auth';
const OTEL_API = '@opentelemetry/api';
// Span kinds and status codes as numbered by @opentelemetry/api (SpanKind, SpanStatusCode).
const KIND = { internal: 0, server: 1, client: 2 } as const;
const STATUS_ERROR = 2;

const METRICS: Readonly<Record<TelemetryMetric, { description: string; unit: string }>> = {
  'dual_auth.token.requests': { description: 'Token requests to the IdP', unit: '{request}' },
  'dual_auth.token_cache.lookups': { description: 'Token cache lookups', unit: '{lookup}' },
  'dual_auth.verification.failures': {
    description: 'Refused act JWTs, access tokens and act assertions',
    unit: '{credential}',
  },
  'dual_auth.decisions': { description: 'Resource decisions', unit: '{decision}' },
};
// https://opentelemetry.io/docs/specs/semconv/http/http-metrics/#metric-httpclientrequestduration
const advice = {
  explicitBucketBoundaries: [
    0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10,
  ],
};
const HISTOGRAMS: Readonly<
  Record<TelemetryHistogram, { description: string; unit: 's'; advice: typeof advice }>
> = {
  'http.client.request.duration': {
    description: 'Duration of HTTP client requests',
    unit: 's',
    advice,
  },
  'dual_auth.decision.duration': {
    description: 'Duration of resource decisions',
    unit: 's',
    advice,
  },
};

const NOOP_SPAN: TelemetrySpan = { setAttributes: () => undefined, fail: () => undefined };

/** The API once known: `null` when absent or turned off. */
let api: TelemetryApi | null | undefined;
let loading: Promise<void> | undefined;
// What `api` hands out while no SDK is registered. An API without the means to tell gets an
// object nothing equals (or undefined, which no meter is), so it is always given spans and records.
let noopTracerProvider: unknown;
let noopMeter: unknown;

function useApi(otel: TelemetryApi | null | undefined): void {
  api = otel;
  noopTracerProvider = otel?.ProxyTracerProvider
    ? new otel.ProxyTracerProvider().getDelegate()
    : {};
  noopMeter = otel?.createNoopMeter?.();
}

/**
 * True while the global tracer provider is the API's no-op one: no SDK is registered, so a span
 * would record nothing and carry no context of its own (the no-op tracer only passes the parent's
 * on). Asked at every span, so an SDK registered later gets the next one.
 */
function tracingOff(otel: TelemetryApi): boolean {
  const provider = otel.trace.getTracerProvider?.() as { getDelegate?(): unknown } | undefined;
  return provider?.getDelegate?.() === noopTracerProvider;
}

/**
 * The global meter, or undefined while it is the API's no-op one (no SDK registered) or while the
 * SDK's provider throws (telemetry never throws at the caller).
 */
function activeMeter(otel: TelemetryApi): Meter | undefined {
  let meter: Meter;
  try {
    meter = otel.metrics.getMeter(SCOPE, VERSION);
  } catch {
    return undefined;
  }
  return meter === noopMeter ? undefined : meter;
}

/**
 * True when a span or a metric record made now would be kept by nothing: `@opentelemetry/api` is
 * absent or turned off, or neither a tracer nor a meter provider is registered. False before the
 * API was looked up (the look-up happens at the first span or record).
 */
export function telemetryIdle(): boolean {
  return api === null || (!!api && tracingOff(api) && !activeMeter(api));
}

// A variable specifier with both bundler hints: bundlers leave the optional peer out of the app's
// bundle, and a runtime without it gets no telemetry instead of a failed import.
const importOtelApi = (): Promise<unknown> =>
  import(/* @vite-ignore */ /* webpackIgnore: true */ OTEL_API);

function isTelemetryApi(value: unknown): value is TelemetryApi {
  const candidate = value as Partial<TelemetryApi> | null;
  return (
    typeof candidate?.trace?.getTracer === 'function' &&
    typeof candidate.trace.getTracer(SCOPE, VERSION)?.startSpan === 'function' &&
    typeof candidate.metrics?.getMeter === 'function'
  );
}

/**
 * Loads `@opentelemetry/api` once (or through `importModule`); resolves to whether it is there.
 * Anything but a loadable API (absent, failing, another shape) means no telemetry.
 */
export function loadTelemetryApi(
  importModule: () => Promise<unknown> = importOtelApi,
): Promise<void> {
  loading ??= importModule().then(
    (module) => {
      if (api === undefined) useApi(isTelemetryApi(module) ? module : null);
    },
    () => {
      if (api === undefined) useApi(null);
    },
  );
  return loading;
}

/**
 * Gives dual-auth the OpenTelemetry API to record spans and metrics with, for a bundled app whose
 * bundler leaves out the runtime import of `@opentelemetry/api`; `null` turns telemetry off;
 * `undefined` goes back to loading `@opentelemetry/api` at the next span.
 *
 * @throws TypeError when `otel` is neither of those nor the `@opentelemetry/api` module.
 * @example
 * import * as otel from '@opentelemetry/api';
 * setTelemetryApi(otel);
 */
export function setTelemetryApi(otel: TelemetryApi | null | undefined): void {
  if (otel !== undefined && otel !== null && !isTelemetryApi(otel)) {
    throw new TypeError('setTelemetryApi: give the @opentelemetry/api module, null or undefined');
  }
  useApi(otel);
  loading = otel === undefined ? undefined : Promise.resolve();
}

/**
 * Span attributes as `@opentelemetry/api` types them (`Attributes`), so that its module fits
 * {@link TelemetryApi}'s `startSpan`.
 */
type SpanAttributes = Record<string, string | number | boolean | string[]>;

/** The attributes `lazy` holds or, given a function, builds now. */
export function resolveAttributes(
  lazy: LazyTelemetryAttributes | undefined,
): TelemetryAttributes | undefined {
  return typeof lazy === 'function' ? lazy() : lazy;
}

function clean(lazy: LazyTelemetryAttributes | undefined): SpanAttributes {
  const attributes = resolveAttributes(lazy);
  const out: SpanAttributes = {};
  // for…in, not Object.entries: no array of pairs per span on the verification hot path.
  for (const key in attributes) {
    const value = attributes[key];
    if (value !== undefined) out[key] = value as string | number | boolean | string[];
  }
  return out;
}

// What a code looks like: dual-auth's `ERR_TOKEN_REQUEST`, Node's `ERR_INVALID_URL` and
// `ECONNREFUSED`, undici's `UND_ERR_CONNECT_TIMEOUT`. Any other `code` may hold user data.
const CODE = /^[\w.:-]{1,64}$/;

/**
 * The error's stable code (`ERR_TOKEN_REQUEST`, …) when it looks like one, else its class name by
 * {@link errorClassOf}: never its message, nor a `code` or `name` that may hold user data.
 */
export function errorType(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && CODE.test(code) ? code : errorClassOf(error);
}

type OtelSpan = Parameters<
  Parameters<ReturnType<TelemetryApi['trace']['getTracer']>['startActiveSpan']>[2]
>[0];

// One object per span, not three closures: a warm token-cache hit makes a span. Each call into the
// SDK is guarded: a faulty or hostile SDK never changes an answer or an error (a try that does not
// throw costs nothing).
class SpanHandle implements TelemetrySpan {
  #failed = false;
  readonly #span: OtelSpan;

  constructor(span: OtelSpan) {
    this.#span = span;
  }

  setAttributes(attributes: TelemetryAttributes): void {
    try {
      for (const key in attributes) {
        const value = attributes[key];
        if (value !== undefined && Object.hasOwn(attributes, key))
          this.#span.setAttribute(key, value);
      }
    } catch {
      // The SDK's throw: the span lacks the attributes, the work goes on.
    }
  }

  fail(type: string): void {
    this.#failed = true;
    try {
      this.#span.setAttribute('error.type', type);
      this.#span.setStatus({ code: STATUS_ERROR, message: type });
    } catch {
      // The SDK's throw: the span is not marked, the error is still the work's own.
    }
  }

  /** Marks the span with `error`'s type, unless a reason was given to `fail`: it says more. */
  failWith(error: unknown): void {
    if (!this.#failed) this.fail(errorType(error));
  }

  end(): void {
    try {
      this.#span.end();
    } catch {
      // The SDK's throw: the answer or the error was settled already.
    }
  }
}

function spanOptions(options: SpanOptions): { kind: number; attributes: SpanAttributes } {
  return { kind: KIND[options.kind ?? 'internal'], attributes: clean(options.attributes) };
}

/**
 * Runs `run` inside an OTel span named `name` (the active span while it runs), ended when `run`
 * settles; a rejection marks the span as an error with `error.type` (the reason given to `fail`
 * first, else the error's code or class name, never its message) and is rethrown. Without
 * `@opentelemetry/api` it only runs `run`. Telemetry never changes the answer or the error: what
 * the SDK throws is dropped (a span that cannot start leaves `run` without one). Attributes given
 * as a function are built only when the span is made ({@link LazyTelemetryAttributes}).
 */
export async function withSpan<T>(
  name: string,
  options: SpanOptions,
  run: (span: TelemetrySpan) => Promise<T>,
): Promise<T> {
  if (api === undefined) await loadTelemetryApi();
  if (!api || tracingOff(api)) return run(NOOP_SPAN);
  // The work's own promise, whatever the SDK's startActiveSpan returns or throws.
  let work: Promise<T> | undefined;
  try {
    api.trace
      .getTracer(SCOPE, VERSION)
      .startActiveSpan(name, spanOptions(options), (span) => (work = runInSpan(span, run)));
  } catch {
    // A tracer or span that cannot start: the work runs without one (once, if it had started).
  }
  return work ?? run(NOOP_SPAN);
}

async function runInSpan<T>(span: OtelSpan, run: (span: TelemetrySpan) => Promise<T>): Promise<T> {
  const handle = new SpanHandle(span);
  try {
    return await run(handle);
  } catch (error) {
    handle.failWith(error);
    throw error;
  } finally {
    handle.end();
  }
}

type LeafSpan = ReturnType<ReturnType<TelemetryApi['trace']['getTracer']>['startSpan']>;

/**
 * The span of a leaf before `@opentelemetry/api` was looked up: it keeps what it is told and,
 * once the API is known, is recorded as an OTel span with the times it started and ended (one
 * that cannot be recorded then is lost: the answer was given).
 */
function spanAfterLookUp(name: string, options: SpanOptions): LeafSpan {
  const startTime = systemClock.now();
  // Built now, not at the record: the attributes are what held when the work ran.
  const startOptions = spanOptions(options);
  const calls: ((span: LeafSpan) => unknown)[] = [];
  return {
    setAttribute: (key, value) => calls.push((span) => span.setAttribute(key, value)),
    setStatus: (status) => calls.push((span) => span.setStatus(status)),
    end: () => {
      const endTime = systemClock.now();
      const record = (): void => {
        const tracer = api?.trace.getTracer(SCOPE, VERSION);
        const span = tracer?.startSpan(name, { ...startOptions, startTime });
        if (span === undefined) return;
        for (const call of calls) call(span);
        span.end(endTime);
      };
      loadTelemetryApi()
        .then(record)
        .catch(() => undefined);
    },
  };
}

/**
 * {@link withSpan} for synchronous work that makes no spans of its own (a warm cache hit): runs
 * `run` inside an OTel span named `name`, ended when `run` returns. The span is not made the
 * active one (nothing would nest under it), which spares the context switch and the async frames
 * of {@link withSpan}. Resolves what `run` returns; a throw marks the span as {@link withSpan}
 * does and rejects with it (never a synchronous throw); what the SDK throws is dropped, as in
 * {@link withSpan}.
 * Before `@opentelemetry/api` was looked up, `run` still runs at once and the answer does not
 * wait for the look-up (a warm hit must not settle after what its caller did meanwhile, such as
 * an invalidation): the span is recorded, with the times `run` ran, once the look-up ends.
 */
export function withLeafSpan<T>(
  name: string,
  options: SpanOptions,
  run: (span: TelemetrySpan) => T,
): Promise<T> {
  if (api === null || (api !== undefined && tracingOff(api))) {
    return new Promise((resolve) => resolve(run(NOOP_SPAN)));
  }
  const otel = api;
  // Inside the executor, so nothing throws at the caller: the work's throw rejects; the SDK's
  // throws are dropped (a span that cannot start leaves the work without one).
  return new Promise((resolve) => {
    let handle: SpanHandle | undefined;
    try {
      handle = new SpanHandle(
        otel === undefined
          ? spanAfterLookUp(name, options)
          : otel.trace.getTracer(SCOPE, VERSION).startSpan(name, spanOptions(options)),
      );
    } catch {
      // A tracer or span that cannot start: the work runs without one.
    }
    try {
      resolve(run(handle ?? NOOP_SPAN));
    } catch (error) {
      handle?.failWith(error);
      throw error;
    } finally {
      handle?.end();
    }
  });
}

type Meter = ReturnType<TelemetryApi['metrics']['getMeter']>;

/** Runs `record` with the meter once the API is loaded, so none is lost; never without the API. */
function withMeter(record: (meter: Meter) => void): void {
  if (api === undefined) {
    void loadTelemetryApi().then(() => withMeter(record));
    return;
  }
  // Asked of the global provider each time (the SDK returns the same instrument): a provider
  // registered after the first count still gets the next ones.
  const meter = api === null ? undefined : activeMeter(api);
  try {
    if (meter !== undefined) record(meter);
  } catch {
    // The SDK's throw: the record is lost, the caller goes on.
  }
}

/**
 * Adds one to `metric` with `attributes`. Before the API is loaded the count waits for the load,
 * so none is lost; without `@opentelemetry/api` it does nothing. Never throws: what the SDK throws
 * is dropped with the count.
 */
export function countMetric(metric: TelemetryMetric, attributes: TelemetryAttributes): void {
  withMeter((meter) => meter.createCounter(metric, METRICS[metric]).add(1, clean(attributes)));
}

/**
 * Records `seconds` in the histogram `metric` with `attributes` (see {@link TelemetryHistogram}).
 * Before the API is loaded the value waits for the load, so none is lost; without
 * `@opentelemetry/api` it does nothing. Never throws: what the SDK throws is dropped with the value.
 */
export function recordDuration(
  metric: TelemetryHistogram,
  seconds: number,
  attributes: TelemetryAttributes,
): void {
  withMeter((meter) =>
    meter.createHistogram(metric, HISTOGRAMS[metric]).record(seconds, clean(attributes)),
  );
}
