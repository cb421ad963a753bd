import { describe, expect, it } from 'vitest';
import { urlRouteForLogging } from './redact.js';
import {
  MAX_ROUTE_FOR_LOGGING,
  routeForLogging,
  routeTemplateForLogging,
} from './route-for-logging.js';

// The route reaches every audit record, log line and span of a request, refusals of requests
// without any token included, and was written whole: each short segment that is not a word
// (`/1`, 2 characters) became `/:redacted` (10), so a URL of the runtime's largest size (16 KiB
// on Node) made a record five times its size, 80 KiB, per unauthenticated request.
describe('attack: the length of a written route', () => {
  const path = '/1'.repeat(8000);

  it.each([
    ['routeForLogging', () => routeForLogging(path), /^(\/:redacted)+\/…$/],
    [
      'routeTemplateForLogging (caller)',
      () => routeTemplateForLogging(path),
      /^(\/:redacted)+\/…$/,
    ],
    [
      'routeTemplateForLogging (framework)',
      () => routeTemplateForLogging(path, 'framework'),
      /^(\/1)+\/…$/,
    ],
    [
      'urlRouteForLogging',
      () =>
        urlRouteForLogging(new URL(`https://api.example${path}`)).slice(
          'https://api.example'.length,
        ),
      /^(\/:redacted)+\/…$/,
    ],
  ])(
    '%s writes at most MAX_ROUTE_FOR_LOGGING characters, cut at a segment',
    (_name, route, shape) => {
      const written = route();
      expect(written.length).toBeLessThanOrEqual(MAX_ROUTE_FOR_LOGGING);
      expect(written.length).toBeGreaterThan(MAX_ROUTE_FOR_LOGGING - 12);
      expect(written).toMatch(shape);
    },
  );

  it('keeps a route that fits as it was', () => {
    const long = `/api${'/balance'.repeat(31)}`;
    expect(long.length).toBeLessThanOrEqual(MAX_ROUTE_FOR_LOGGING);
    expect(routeForLogging(long)).toBe(long);
    expect(routeForLogging(`${long}/balance`)).toBe(`${long}/…`);
  });
});
