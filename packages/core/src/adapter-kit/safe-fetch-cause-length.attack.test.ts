import { afterEach, describe, expect, it } from 'vitest';
import { safeFetchCause } from './safe-fetch-cause.js';

// Attack (session 21, brk21b): the URL search ran over the whole message before it was cut to
// 500 characters, and where no URL ends each start read on to the message's end: 100 000 letters
// took 22 s, `//x` and 100 000 `)` 27 s on this machine, the event loop blocked in a catch block.
// An injected fetch, a proxy agent or a runtime may put any text in its message. And an error
// whose message was not a string made safeFetchCause throw a TypeError of its own.
// Work is counted, not timed: the longest text any search of the message reads.

const READ_AT_MOST = 2_000;
const matchAll = String.prototype.matchAll;
let longestSearched = 0;

afterEach(() => {
  String.prototype.matchAll = matchAll;
});

function countSearchedLengths(): void {
  longestSearched = 0;
  String.prototype.matchAll = function counted(this: string, pattern: RegExp) {
    longestSearched = Math.max(longestSearched, this.length);
    return matchAll.call(this, pattern);
  } as typeof matchAll;
}

describe('attack: a fetch failure whose message is long or not a string', () => {
  it(`searches at most ${READ_AT_MOST} characters of a long message`, () => {
    countSearchedLengths();
    const words = safeFetchCause(new TypeError(`${'a'.repeat(99)} `.repeat(1_000))).message;
    const oneWord = safeFetchCause(new TypeError('a'.repeat(100_000))).message;
    String.prototype.matchAll = matchAll;
    expect(longestSearched).toBeGreaterThan(0);
    expect(longestSearched).toBeLessThanOrEqual(READ_AT_MOST);
    expect(words.length).toBeLessThanOrEqual(501);
    // One word the cut split is none of it kept: the error is named.
    expect(oneWord).toBe('TypeError');
  });

  it('keeps no part of a URL or an email the cut split', () => {
    const filler = 'x '.repeat(994);
    for (const tail of [
      'https://alice:hunter2@proxy.example/',
      'alice.liddell@corp.example',
      'https://idp.example/t?client_secret=hunter2',
    ]) {
      const kept = safeFetchCause(new TypeError(`refused ${filler}${tail}${'p'.repeat(10)}`));
      expect(kept.message, tail).not.toMatch(/alice|hunter2/);
    }
  });

  it('copies an error whose message is not a string by its name', () => {
    const error = new TypeError('fetch failed');
    Object.assign(error, { message: { toString: () => 'https://u:hunter2@idp.example/' } });
    const copy = safeFetchCause(error);
    expect(copy).toBeInstanceOf(TypeError);
    expect(copy.message).toBe('TypeError');
  });
});
