import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';

/** A query value: repeated keys come from arrays; `undefined` leaves the key out. */
export type ApiCallParamValue = string | number | boolean;

/** Query parameters of `callApi`, appended to any query `apiUrl` already has. */
export type ApiCallParams =
  | URLSearchParams
  | Readonly<Record<string, ApiCallParamValue | readonly ApiCallParamValue[] | undefined>>;

/**
 * The last `apiUrl` string one client checked and its URL: a client mostly calls the same URL, and
 * parsing and checking it again gives the same answer. Only a URL without a query is kept, so no
 * query value outlives its call. The URL is shared by the calls: nothing may change it.
 */
export interface LastRequestUrl {
  apiUrl: string | undefined;
  url: URL | undefined;
}

/**
 * The URL of the first request: `apiUrl` (HTTPS, or `http:` on loopback with the opt-in) plus
 * `params`. Without `params`, the same `apiUrl` string as `last` gives `last`'s URL.
 *
 * @throws ConfigurationError when `apiUrl` is not HTTPS.
 * @throws TypeError on a wrong `apiUrl` or `params` type.
 */
export function requestUrl(
  apiUrl: unknown,
  params: unknown,
  allowInsecureLoopback: boolean,
  last?: LastRequestUrl,
): URL {
  const reusable = params === undefined && typeof apiUrl === 'string' && last !== undefined;
  if (reusable && last.apiUrl === apiUrl && last.url !== undefined) return last.url;
  const url = assertHttpsUrl(apiUrl as string | URL, { name: 'apiUrl', allowInsecureLoopback });
  if (reusable && url.search === '') {
    last.apiUrl = apiUrl;
    last.url = url;
  }
  if (params === undefined) return url;
  if (params instanceof URLSearchParams) {
    for (const [key, value] of params) url.searchParams.append(key, value);
    return url;
  }
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    throw new TypeError('params must be a URLSearchParams or a record of query values');
  }
  for (const [key, value] of Object.entries(params)) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) {
      if (typeof item !== 'string' && typeof item !== 'number' && typeof item !== 'boolean') {
        throw new TypeError(`params.${key} must be a string, number, boolean or an array of them`);
      }
      url.searchParams.append(key, String(item));
    }
  }
  return url;
}
