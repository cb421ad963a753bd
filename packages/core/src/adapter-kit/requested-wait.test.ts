import { describe, expect, it } from 'vitest';
import { ietfRateLimitField } from './ietf-rate-limit-field.js';
import { requestedWaitMs } from './requested-wait.js';

const now = Date.parse('2025-03-01T12:00:00Z');
const epoch = (secondsFromNow: number) => String(now / 1000 + secondsFromNow);
const wait = (headers: Record<string, string>) =>
  requestedWaitMs(new Headers(headers), now, ietfRateLimitField);

describe('requestedWaitMs', () => {
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(wait({ 'retry-after': '7' })).toBe(7000);
    expect(wait({ 'retry-after': 'Sat, 01 Mar 2025 12:00:03 GMT' })).toBe(3000);
  });

  it('reads the current IETF RateLimit list: the longest t of the policies with r=0', () => {
    expect(wait({ ratelimit: '"default";r=0;t=30' })).toBe(30_000);
    expect(wait({ ratelimit: '"burst";r=0;t=5, "daily";r=0;t=40, "hourly";r=3;t=900' })).toBe(
      40_000,
    );
    expect(wait({ ratelimit: '"default";r=0;t=12;pk=:dHJpYWw=:' })).toBe(12_000);
  });

  it('asks for nothing while a RateLimit policy has quota left or gives no window', () => {
    expect(wait({ ratelimit: '"default";r=50;t=30' })).toBeUndefined();
    expect(wait({ ratelimit: '"default";r=0' })).toBeUndefined();
  });

  it('reads the Dictionary of drafts -07/-08 and the older RateLimit-Reset', () => {
    expect(wait({ ratelimit: 'limit=10, remaining=0, reset=20' })).toBe(20_000);
    expect(wait({ ratelimit: 'limit=10, remaining=4, reset=20' })).toBeUndefined();
    expect(wait({ 'ratelimit-reset': '30' })).toBe(30_000);
    expect(wait({ 'ratelimit-reset': '30', 'ratelimit-remaining': '0' })).toBe(30_000);
    expect(wait({ 'ratelimit-reset': '30', 'ratelimit-remaining': '9' })).toBeUndefined();
  });

  it('reads no RateLimit field without a rateLimitField reader, the older RateLimit-Reset still', () => {
    const plain = (headers: Record<string, string>) => requestedWaitMs(new Headers(headers), now);
    expect(plain({ ratelimit: '"default";r=0;t=30' })).toBeUndefined();
    expect(plain({ ratelimit: 'limit=10, remaining=0, reset=20' })).toBeUndefined();
    expect(plain({ ratelimit: '"default";r=0;t=30', 'ratelimit-reset': '4' })).toBe(4000);
    expect(plain({ 'retry-after': '7', ratelimit: '"default";r=0;t=30' })).toBe(7000);
  });

  it('reads the RateLimit field with the reader it is given', () => {
    const read = (field: string) => (field === 'twelve' ? 12 : undefined);
    expect(requestedWaitMs(new Headers({ ratelimit: 'twelve' }), now, read)).toBe(12_000);
  });

  it("reads Okta's X-Rate-Limit-Reset and Auth0's X-RateLimit-Reset as epoch seconds", () => {
    expect(wait({ 'x-rate-limit-reset': epoch(25), 'x-rate-limit-remaining': '0' })).toBe(25_000);
    expect(wait({ 'x-ratelimit-reset': epoch(9) })).toBe(9000);
  });

  // Session 39 (chaos): a date is the server's clock. An agent 5 min slow read a Retry-After date
  // 10 s ahead as a 310 s wait, over every cap: the call failed at once instead of waiting 10 s;
  // one 5 min fast read it as no wait and tried again at once, into the rate limit.
  it.each([
    ['5 min slow', -300_000],
    ['5 min fast', 300_000],
  ])("counts a date from the answer's Date header, not this clock (%s)", (_, skewMs) => {
    const served = { date: 'Sat, 01 Mar 2025 12:00:00 GMT' };
    const skewed = (headers: Record<string, string>) =>
      requestedWaitMs(new Headers({ ...served, ...headers }), now + skewMs);
    expect(skewed({ 'retry-after': 'Sat, 01 Mar 2025 12:00:10 GMT' })).toBe(10_000);
    expect(skewed({ 'x-rate-limit-reset': epoch(25), 'x-rate-limit-remaining': '0' })).toBe(25_000);
    expect(skewed({ 'x-ratelimit-reset': epoch(9) })).toBe(9000);
    expect(skewed({ 'retry-after': '7' })).toBe(7000);
  });

  it('counts a date from this clock when the Date header is missing or unreadable', () => {
    expect(wait({ date: 'yesterday', 'retry-after': 'Sat, 01 Mar 2025 12:00:03 GMT' })).toBe(3000);
  });

  it('ignores a vendor reset that has passed or while quota remains', () => {
    expect(wait({ 'x-rate-limit-reset': epoch(-5) })).toBeUndefined();
    expect(wait({ 'x-ratelimit-reset': epoch(60), 'x-ratelimit-remaining': '3' })).toBeUndefined();
  });

  it('lets Retry-After win over the rate-limit fields, which otherwise give the longest wait', () => {
    expect(wait({ 'retry-after': '2', ratelimit: '"default";r=0;t=30' })).toBe(2000);
    expect(wait({ ratelimit: '"default";r=0;t=30', 'x-rate-limit-reset': epoch(45) })).toBe(45_000);
  });

  it.each([
    {},
    { 'retry-after': 'soon' },
    { ratelimit: 'default;;r=0' },
    { ratelimit: '"default";r=0;t=-3' },
    { ratelimit: '"default";r=0;t=1.5' },
    { 'ratelimit-reset': 'Sat, 01 Mar 2025 12:00:03 GMT' },
    { 'x-rate-limit-reset': 'tomorrow' },
    { 'x-ratelimit-reset': '1.7e9' },
  ])('ignores what it cannot read: %j', (headers) => {
    expect(wait(headers)).toBeUndefined();
  });

  it('stays a finite number for absurdly large values', () => {
    expect(Number.isFinite(wait({ 'retry-after': '9'.repeat(400) }))).toBe(true);
    expect(Number.isFinite(wait({ 'x-rate-limit-reset': '9'.repeat(400) }))).toBe(true);
  });
});
