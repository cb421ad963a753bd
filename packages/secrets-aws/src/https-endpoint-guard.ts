import type { SecretsManagerClient } from '@aws-sdk/client-secrets-manager';
import { ConfigurationError } from '@dual-auth/core';
import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';

type Middleware = Parameters<SecretsManagerClient['middlewareStack']['addRelativeTo']>[0];
type Next = (args: { request?: unknown }) => Promise<unknown>;

interface ResolvedRequest {
  protocol?: string;
  hostname?: string;
  port?: number;
}

/** Where the AWS SDK takes a Secrets Manager endpoint from, for the refusal's message. */
const SOURCES =
  'the endpoint option, AWS_ENDPOINT_URL_SECRETS_MANAGER or AWS_ENDPOINT_URL in the process environment (or the env option), or endpoint_url in the shared AWS config file';

/**
 * Adds to `client`'s middleware stack, right after the serializer has built the request (before
 * the retries), a check of the URL it is about to be sent to, whatever source the SDK resolved its
 * endpoint from (the `endpoint` config, `AWS_ENDPOINT_URL_SECRETS_MANAGER`/`AWS_ENDPOINT_URL`,
 * `endpoint_url` of the shared config file:
 * https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html): HTTPS, or `http://`
 * to a loopback host only with `allowInsecureLoopback`. Nothing is sent otherwise.
 *
 * @throws ConfigurationError from the client's `send` when the resolved URL is not allowed; its
 * message names where such an endpoint comes from.
 */
export function holdEndpointToHttps(
  client: SecretsManagerClient,
  allowInsecureLoopback: boolean,
): void {
  // The SDK types the stack's entries as a union over all its steps, which gives `next` no type.
  const middleware = ((next: Next) => async (args: { request?: unknown }) => {
    const { protocol, hostname, port } = (args.request ?? {}) as ResolvedRequest;
    const url = `${protocol ?? ''}//${hostname ?? ''}${port === undefined ? '' : `:${port}`}/`;
    try {
      assertHttpsUrl(url, { name: 'endpoint', allowInsecureLoopback });
    } catch (error) {
      if (!(error instanceof ConfigurationError)) throw error;
      throw new ConfigurationError({
        message: `The Secrets Manager endpoint must use HTTPS (secrets are not read over plain http); it is set by ${SOURCES}.`,
        variable: 'endpoint',
      });
    }
    return next(args);
  }) as unknown as Middleware;
  client.middlewareStack.addRelativeTo(middleware, {
    relation: 'after',
    toMiddleware: 'serializerMiddleware',
    name: 'dualAuthHttpsEndpoint',
  });
}
