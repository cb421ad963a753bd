import { describe, expect, it } from 'vitest';
import { escapeInvisible, printableJson } from './escape-invisible.js';

describe('escapeInvisible', () => {
  it('writes C0, DEL, C1, bidi, zero-width, separators and tags as \\uXXXX', () => {
    expect(escapeInvisible('a\u001b[2J\u007f\u0085\u009b31m')).toBe(
      'a\\u001b[2J\\u007f\\u0085\\u009b31m',
    );
    expect(
      escapeInvisible('\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069'),
    ).toBe('\\u061c\\u200e\\u200f\\u202a\\u202b\\u202c\\u202d\\u202e\\u2066\\u2067\\u2068\\u2069');
    expect(escapeInvisible('x\u200b\ufeff\u2028\u2029\n')).toBe(
      'x\\u200b\\ufeff\\u2028\\u2029\\u000a',
    );
    expect(escapeInvisible('tag\u{e0041}')).toBe('tag\\udb40\\udc41');
  });

  it('keeps printable text, accented letters and emoji as they are', () => {
    expect(escapeInvisible('Alicé Ünal 名前 🙂 auth0|65f0')).toBe('Alicé Ünal 名前 🙂 auth0|65f0');
  });
});

describe('printableJson', () => {
  it('keeps the layout and parses back to the same value', () => {
    const value = { sub: 'a\u202eevil\u009b31m', act: { sub: 'u\u001b[2J' }, n: 1 };
    const text = printableJson(value);
    expect(text).toBe(
      '{\n  "sub": "a\\u202eevil\\u009b31m",\n  "act": {\n    "sub": "u\\u001b[2J"\n  },\n  "n": 1\n}',
    );
    expect(JSON.parse(text)).toEqual(value);
  });
});
