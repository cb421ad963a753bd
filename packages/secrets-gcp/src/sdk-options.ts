import type { Interceptor } from '@grpc/grpc-js';
import { answerSizeCap, MAX_ANSWER_BYTES } from './answer-size-cap.js';
import type { GcpCallOptions, GcpClientOptions } from './gcp-secrets-backend.js';

// How the backend's answer-size cap goes into the SDK's options: the gRPC channel's receive limit
// and the REST adapter (clientOptions), and the per-read gRPC interceptor (callOptions).

// grpc-js's channel option bounding one received message, and the older spelling the SDK still
// maps to it (`grpc.grpc.…`).
const GRPC_RECEIVE_LIMIT = 'grpc.max_receive_message_length';
const GRPC_RECEIVE_LIMIT_ALIAS = `grpc.${GRPC_RECEIVE_LIMIT}`;

/**
 * The receive limit of the gRPC channel in bytes: MAX_ANSWER_BYTES, or a lower one the caller set
 * in clientOptions. A higher one, or -1 (none), is refused rather than kept or silently dropped.
 * @throws TypeError when a `grpc.max_receive_message_length` (or `grpc.grpc.…`) of clientOptions is
 *   not an integer from 1 to MAX_ANSWER_BYTES.
 */
export function grpcReceiveLimit(clientOptions: GcpClientOptions | undefined): number {
  let limit = MAX_ANSWER_BYTES;
  for (const name of [GRPC_RECEIVE_LIMIT, GRPC_RECEIVE_LIMIT_ALIAS]) {
    if (clientOptions === undefined || !Object.hasOwn(clientOptions, name)) continue;
    const value = (clientOptions as Record<string, unknown>)[name];
    if (
      !Number.isSafeInteger(value) ||
      (value as number) < 1 ||
      (value as number) > MAX_ANSWER_BYTES
    ) {
      throw new TypeError(
        `options.clientOptions['${name}'] must be a number of bytes from 1 to ${MAX_ANSWER_BYTES}: gRPC answers are read up to ${MAX_ANSWER_BYTES} bytes (the default; a secret version holds at most 64 KiB)`,
      );
    }
    limit = Math.min(limit, value as number);
  }
  return limit;
}

/**
 * Every answer is read through a cap. REST (`fallback: true`), the token endpoint's answers
 * included: a 1 MiB adapter, as the SDK would read any length whole. gRPC: grpc-js's receive limit,
 * which the SDK lifts (-1) unless `grpc.max_receive_message_length` is passed; grpc-js then refuses
 * a longer message from its length prefix, before reading it, as RESOURCE_EXHAUSTED.
 */
export function withAnswerSizeCap(
  clientOptions: GcpClientOptions | undefined,
  grpcMaxBytes: number,
): GcpClientOptions {
  const { [GRPC_RECEIVE_LIMIT_ALIAS]: _alias, ...options } = (clientOptions ?? {}) as Record<
    string,
    unknown
  >;
  const auth = (options.clientOptions ?? {}) as {
    transporterOptions?: { adapter?: Parameters<typeof answerSizeCap>[1] };
  };
  const transporterOptions = auth.transporterOptions ?? {};
  return {
    ...options,
    [GRPC_RECEIVE_LIMIT]: grpcMaxBytes,
    clientOptions: {
      ...auth,
      transporterOptions: {
        ...transporterOptions,
        adapter: answerSizeCap(MAX_ANSWER_BYTES, transporterOptions.adapter),
      },
    },
  } as unknown as GcpClientOptions;
}

/**
 * `callOptions` with `interceptor` after the caller's own grpc-js interceptors (`otherArgs.options`
 * are grpc-js call options). A new object per call: the SDK writes into `otherArgs`.
 */
export function withInterceptor<T extends GcpCallOptions>(
  callOptions: T,
  interceptor: Interceptor,
): T {
  const otherArgs = (callOptions.otherArgs ?? {}) as { options?: { interceptors?: Interceptor[] } };
  const grpcOptions = otherArgs.options ?? {};
  return {
    ...callOptions,
    otherArgs: {
      ...otherArgs,
      options: { ...grpcOptions, interceptors: [...(grpcOptions.interceptors ?? []), interceptor] },
    },
  };
}
