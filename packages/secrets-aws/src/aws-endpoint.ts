import { type EnvRecord, envVariable } from '@dual-auth/core';
import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';
import type { holdEndpointToHttps } from './https-endpoint-guard.js';

const SERVICE_VARIABLE = 'AWS_ENDPOINT_URL_SECRETS_MANAGER';
const GLOBAL_VARIABLE = 'AWS_ENDPOINT_URL';
const IGNORE_VARIABLE = 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS';

/**
 * The Secrets Manager endpoint to pass to the SDK, held to HTTPS (`http://` only to loopback, only
 * with `allowInsecureLoopback`): the `endpoint` option, else `AWS_ENDPOINT_URL_SECRETS_MANAGER`,
 * else `AWS_ENDPOINT_URL` from `env` (the backend's `env` option, when given; own properties
 * only, never a polluted `Object.prototype`'s), as the SDK's
 * service-specific endpoints read them
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html); `undefined` (also
 * when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`) leaves the endpoint to the SDK, which reads
 * the process environment and the shared config file, its result checked by
 * {@link holdEndpointToHttps}.
 *
 * @throws ConfigurationError naming the option or variable when the URL is not HTTPS.
 */
export function awsEndpoint(
  endpoint: string | undefined,
  env: EnvRecord,
  allowInsecureLoopback: boolean,
): string | undefined {
  if (endpoint !== undefined) {
    return assertHttpsUrl(endpoint, { name: 'endpoint', allowInsecureLoopback }).href;
  }
  if (ignoresConfiguredEndpoints(env)) return undefined;
  for (const name of [SERVICE_VARIABLE, GLOBAL_VARIABLE]) {
    const value = envVariable(env, name)?.trim();
    if (value) return assertHttpsUrl(value, { name, allowInsecureLoopback }).href;
  }
  return undefined;
}

/** True when `env` sets `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` to `true`. */
export function ignoresConfiguredEndpoints(env: EnvRecord): boolean {
  return envVariable(env, IGNORE_VARIABLE)?.trim().toLowerCase() === 'true';
}
