import { assertHttpsUrl } from '@dual-auth/core/adapter-kit';
import type { HttpMethod } from './http-method.js';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Where a redirect leads and how the request changes on the way. */
export interface RedirectStep {
  readonly url: URL;
  readonly method: HttpMethod;
  /** True when the method became GET and the body must go. */
  readonly dropBody: boolean;
  readonly crossOrigin: boolean;
}

/** A redirect the client will not follow, with the reason (no URL in it). */
export interface RefusedRedirect {
  readonly refused: string;
}

/**
 * Reads a 3xx answer the way fetch would (303, and 301/302 after POST, become GET), but refuses
 * what fetch allows: a switch from `https:` to `http:`, any scheme but HTTP(S), credentials in
 * the URL, and `http:` off loopback. Undefined when the answer is not a redirect to follow.
 */
export function redirectStep(
  response: Response,
  current: URL,
  method: HttpMethod,
  allowInsecureLoopback: boolean,
): RedirectStep | RefusedRedirect | undefined {
  if (!REDIRECT_STATUSES.has(response.status)) return undefined;
  const location = response.headers.get('location');
  if (location === null) return undefined;
  let url: URL;
  try {
    url = assertHttpsUrl(new URL(location, current), {
      name: 'redirect Location',
      allowInsecureLoopback,
    });
  } catch {
    return { refused: 'Location is not an allowed HTTPS URL' };
  }
  if (current.protocol === 'https:' && url.protocol !== 'https:') {
    return { refused: 'Location downgrades https to http' };
  }
  const toGet =
    (response.status === 303 && method !== 'HEAD') ||
    ((response.status === 301 || response.status === 302) && method === 'POST');
  return {
    url,
    method: toGet ? 'GET' : method,
    dropBody: toGet,
    crossOrigin: url.origin !== current.origin,
  };
}
