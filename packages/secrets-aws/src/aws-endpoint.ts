import type { EnvRecord } from '@dual-auth/core';
import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';

const SERVICE_VARIABLE = 'AWS_ENDPOINT_URL_SECRETS_MANAGER';
const GLOBAL_VARIABLE = 'AWS_ENDPOINT_URL';
const IGNORE_VARIABLE = 'AWS_IGNORE_CONFIGURED_ENDPOINT_URLS';

/**
 * The Secrets Manager endpoint to use, held to HTTPS (`http://` only to loopback, only with
 * `allowInsecureLoopback`): the `endpoint` option, else `AWS_ENDPOINT_URL_SECRETS_MANAGER`, else
 * `AWS_ENDPOINT_URL` from the backend's `env`, as the SDK's service-specific endpoints read them
 * (https://docs.aws.amazon.com/sdkref/latest/guide/feature-ss-endpoints.html); `undefined` for the
 * SDK's regional endpoint (also when `AWS_IGNORE_CONFIGURED_ENDPOINT_URLS` is `true`). The SDK's own reading of these (from `process.env` and the shared config
 * file, past `env` and this check) is switched off by the caller.
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
  if (env[IGNORE_VARIABLE]?.trim().toLowerCase() === 'true') return undefined;
  for (const name of [SERVICE_VARIABLE, GLOBAL_VARIABLE]) {
    const value = env[name]?.trim();
    if (value) return assertHttpsUrl(value, { name, allowInsecureLoopback }).href;
  }
  return undefined;
}
