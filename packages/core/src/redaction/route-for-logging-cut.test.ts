import { describe, expect, it } from 'vitest';
import {
  MAX_ROUTE_FOR_LOGGING,
  routeForLogging,
  routeTemplateForLogging,
} from './route-for-logging.js';

// The cut's edges: a route of exactly MAX_ROUTE_FOR_LOGGING characters, one more, a segment
// longer than the whole, characters of two UTF-16 units at the cut, percent-encodings.
describe('where a written route is cut', () => {
  const base = `/api${'/balance'.repeat(31)}`; // 252
  it('keeps a route of exactly 256 characters, cuts one of 257 at a segment', () => {
    expect(`${base}/abc`.length).toBe(MAX_ROUTE_FOR_LOGGING);
    expect(routeForLogging(`${base}/abc`)).toBe(`${base}/abc`);
    expect(routeForLogging(`${base}/abcd`)).toBe(`${base}/…`);
    expect(routeForLogging(`${base}/abc/`)).toBe(`${base}/…`);
  });

  it('writes a segment longer than the whole as :redacted, not cut', () => {
    const long = `/${'a'.repeat(300)}`;
    expect(routeForLogging(long)).toBe('/:redacted');
    expect(routeTemplateForLogging(long, 'framework')).toBe('/:redacted');
    // Kept segments of 61 characters: four fit (244 and the mark), the fifth does not.
    const segment = `/${'ab-'.repeat(20)}x`;
    expect(routeTemplateForLogging(segment.repeat(6), 'framework')).toBe(`${segment.repeat(4)}/…`);
  });

  it('never splits a surrogate pair nor a percent-encoding', () => {
    const emoji = routeTemplateForLogging('/😀é'.repeat(100), 'framework');
    expect(emoji.length).toBeLessThanOrEqual(MAX_ROUTE_FOR_LOGGING);
    expect(emoji).toMatch(/^(\/😀é)+\/…$/);
    expect(emoji).not.toMatch(
      /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/,
    );
    const encoded = routeTemplateForLogging('/a%2Fb'.repeat(60), 'framework');
    expect(encoded).toMatch(/^(\/a%2Fb)+\/…$/);
    expect(routeForLogging('/a%2Fb'.repeat(60))).toMatch(/^(\/:redacted)+\/…$/);
  });
});
