/**
 * The loggable form of an already parsed URL: origin and path, without credentials, query or
 * fragment. Gives what core's `urlForLogging` gives, without parsing the URL again on every request.
 */
export function loggedUrl(url: URL): string {
  return `${url.origin}${url.pathname}`;
}
