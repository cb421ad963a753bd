import { describe, expect, it } from 'vitest';
import { refusalAdvice } from './redis-refusal-advice.js';

const CODES = [
  'OOM',
  'READONLY',
  'LOADING',
  'NOAUTH',
  'WRONGPASS',
  'NOPERM',
  'WRONGTYPE',
  'MASTERDOWN',
];

describe('refusalAdvice: each Redis error code its own advice', () => {
  it.each(CODES)('%s names no other code', (code) => {
    const advice = refusalAdvice(code);
    expect(advice).toMatch(
      /^Redis refused the command: .+; the next call works once that is fixed/,
    );
    for (const other of CODES.filter((c) => c !== code)) expect(advice).not.toContain(other);
  });

  it("ERR, what the stores' scripts answer whatever the cause, names every code", () => {
    const advice = refusalAdvice('ERR');
    for (const code of CODES) expect(advice).toContain(code);
  });

  it('a code it does not know, or none, points at Redis’s documentation and log', () => {
    for (const code of ['BUSY', undefined, 'toString', '__proto__']) {
      expect(refusalAdvice(code)).toMatch(/look its error code up in Redis's documentation/);
    }
  });
});
