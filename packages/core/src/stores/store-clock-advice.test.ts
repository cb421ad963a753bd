import { describe, expect, it } from 'vitest';
import { ReplayStoreFullError } from './replay-store-full-error.js';
import { cutoffStoreClockAdvice, replayStoreClockAdvice } from './store-clock-advice.js';
import { StoreUnavailableError } from './store-unavailable-error.js';

const skew = new StoreUnavailableError('claim', 'off by 3600 s', { reason: 'clock_skew' });
const back = new StoreUnavailableError('cutoff', 'went back', { reason: 'clock_went_back' });

describe('cutoffStoreClockAdvice, replayStoreClockAdvice', () => {
  it("names both clocks and NTP for a clock_skew refusal, in the store's name", () => {
    expect(replayStoreClockAdvice(skew)).toMatch(/clock and the replay store's differ.*NTP/);
    expect(cutoffStoreClockAdvice(skew)).toMatch(/clock and the cut-off store's differ.*NTP/);
  });

  it("names the store's clock going back (NTP), from either error class", () => {
    expect(cutoffStoreClockAdvice(back)).toMatch(/cut-off store's clock went back.*NTP/);
    const full = new ReplayStoreFullError(10, 'clock_went_back');
    expect(replayStoreClockAdvice(full)).toMatch(/replay store's clock went back.*NTP/);
  });

  it('a cut-off store is never full: a ReplayStoreFullError gets no cut-off advice', () => {
    const full = new ReplayStoreFullError(10, 'clock_went_back');
    expect(cutoffStoreClockAdvice(full)).toBeUndefined();
  });

  it('says nothing for an outage, a full store or another error: the caller says it', () => {
    expect(replayStoreClockAdvice(new StoreUnavailableError('claim', 'down'))).toBeUndefined();
    expect(replayStoreClockAdvice(new ReplayStoreFullError(10))).toBeUndefined();
    expect(cutoffStoreClockAdvice(new TypeError('x'))).toBeUndefined();
    expect(cutoffStoreClockAdvice({ reason: 'clock_skew' })).toBeUndefined();
  });
});
