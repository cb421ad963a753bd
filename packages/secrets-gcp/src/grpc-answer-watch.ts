import {
  InterceptingCall,
  type Interceptor,
  ListenerBuilder,
  RequesterBuilder,
} from '@grpc/grpc-js';

/** gRPC `RESOURCE_EXHAUSTED`, the status grpc-js gives an answer over its receive limit. */
const RESOURCE_EXHAUSTED = 8;
/** gRPC `INTERNAL`, which the SDK's retry policies (and AIP-194) do not retry. */
const INTERNAL = 13;

// grpc-js refusing a message past the channel's `grpc.max_receive_message_length`, from its length
// prefix or while inflating it (subchannel-call and compression-filter of @grpc/grpc-js): it
// cancels the call with RESOURCE_EXHAUSTED and these details.
const GRPC_TOO_LARGE =
  /^Received message (larger than max \(|that decompresses to a size larger than \d)/;

/** Whether a gRPC status (or an SDK error carrying one) is grpc-js refusing an answer over its receive limit. */
export function isGrpcMessageTooLarge(status: unknown): boolean {
  const { code, details } = (status ?? {}) as { code?: unknown; details?: unknown };
  return code === RESOURCE_EXHAUSTED && typeof details === 'string' && GRPC_TOO_LARGE.test(details);
}

/** One read's watch on the answer size: {@link AnswerWatch.interceptor} goes in its call options. */
export interface AnswerWatch {
  /** A grpc-js client interceptor for the calls of one read (the SDK's retries included). */
  readonly interceptor: Interceptor;
  /** Whether an answer of this read was refused as over the receive limit. */
  readonly tooLarge: () => boolean;
}

/**
 * Watches one read for grpc-js refusing an answer over the receive limit. That refusal is
 * `RESOURCE_EXHAUSTED`, which the SDK's policy for `AccessSecretVersion` retries as throttling: a
 * `callOptions.retry` would fetch the answer again until its retries or `timeoutMs` ran out, and the
 * read would end as `DEADLINE_EXCEEDED`. The interceptor records the refusal and hands the SDK an
 * `INTERNAL` status instead, so the read ends at once (unless the retry policy lists `INTERNAL`).
 */
export function watchAnswerSize(): AnswerWatch {
  let tooLarge = false;
  const interceptor: Interceptor = (options, nextCall) =>
    new InterceptingCall(
      nextCall(options),
      new RequesterBuilder()
        .withStart((metadata, _listener, next) => {
          next(
            metadata,
            new ListenerBuilder()
              .withOnReceiveStatus((status, nextStatus) => {
                if (!isGrpcMessageTooLarge(status)) return nextStatus(status);
                tooLarge = true;
                nextStatus({ ...status, code: INTERNAL });
              })
              .build(),
          );
        })
        .build(),
    );
  return { interceptor, tooLarge: () => tooLarge };
}
