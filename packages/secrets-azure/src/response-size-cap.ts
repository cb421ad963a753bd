import type { SecretClientOptions } from '@azure/keyvault-secrets';

type AdditionalPolicy = NonNullable<SecretClientOptions['additionalPolicies']>[number];
type Policy = AdditionalPolicy['policy'];

/** The longest answer read, in bytes: a Key Vault secret is at most 25 KiB, its JSON a little more. */
const MAX_RESPONSE_BYTES = 1024 * 1024;

/** An answer longer than {@link MAX_RESPONSE_BYTES}: its reading was stopped. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';

  constructor() {
    super(`The answer is longer than ${MAX_RESPONSE_BYTES} bytes.`);
  }
}

/** An answer whose body did not end within the request's timeout, or whose request was aborted. */
class ResponseTimeoutError extends Error {
  override readonly name = 'ResponseTimeoutError';

  constructor(timeoutMs: number) {
    super(`The answer's body did not end within ${timeoutMs} ms, or the request was aborted.`);
  }
}

async function cappedText(stream: NodeJS.ReadableStream & { destroy(): void }): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
    size += bytes.length;
    if (size > MAX_RESPONSE_BYTES) {
      stream.destroy();
      throw new ResponseTooLargeError();
    }
    chunks.push(bytes);
  }
  return Buffer.concat(chunks).toString('utf8');
}

// The SDK buffers every answer's body whole (its Node client reads it to the end as text): each
// answer is streamed to this policy instead, which reads it up to the bound and hands the SDK the text.
const capPolicy: Policy = {
  name: 'dualAuthResponseSizeCap',
  async sendRequest(request, next) {
    request.streamResponseStatusCodes = new Set([Number.POSITIVE_INFINITY]);
    const response = await next(request);
    const stream = response.readableStreamBody;
    if (stream === undefined) return response;
    delete response.readableStreamBody;
    const body = stream as NodeJS.ReadableStream & { destroy(error?: Error): void };
    // The SDK's timeout and abort covered its own reading of the body: they cover this one too.
    const stop = (): void => body.destroy(new ResponseTimeoutError(request.timeout));
    const timer = request.timeout > 0 ? setTimeout(stop, request.timeout) : undefined;
    request.abortSignal?.addEventListener('abort', stop, { once: true });
    try {
      response.bodyAsText = await cappedText(body);
    } finally {
      clearTimeout(timer);
      request.abortSignal?.removeEventListener('abort', stop);
    }
    return response;
  },
};

/**
 * `options` with a policy that reads every answer of Key Vault (each retry's) up to 1 MiB: past
 * it, reading stops, the connection is closed and the call rejects with
 * {@link ResponseTooLargeError}. The caller's own `additionalPolicies` are kept.
 */
export function withResponseSizeCap(options: SecretClientOptions | undefined): SecretClientOptions {
  return {
    ...options,
    additionalPolicies: [
      ...(options?.additionalPolicies ?? []),
      { policy: capPolicy, position: 'perRetry' },
    ],
  };
}
