import { describe, expect, it } from 'vitest';
import { cutText } from './cut-text.js';

describe('cutText', () => {
  it('returns text within the length as it is', () => {
    expect(cutText('short', 5)).toBe('short');
  });

  it('drops the word the cut split, and the pieces folded onto lines before it', () => {
    expect(cutText('hello world', 8)).toBe('hello ');
    const folded = 'Bearer abcdefgh\r\n ijklmnop';
    for (const at of [16, 17, 18, 20]) expect(cutText(folded, at)).toBe('Bearer ');
  });

  it('keeps a line a word starts after a line end', () => {
    expect(cutText('foo bar\nijklmn', 9)).toBe('foo bar\n');
  });

  it('cuts one word after its last quote, comma, semicolon or backslash, else colon or equals', () => {
    expect(cutText('token=eyJxx;user=alice.smith@corp', 28)).toBe('token=eyJxx;');
    expect(cutText('Authorization:abcdefgh\r\n ijklmnop', 28)).toBe('Authorization:');
  });

  it('drops a text that is one word with none of those', () => {
    expect(cutText('x'.repeat(10), 5)).toBe('');
    expect(cutText(' Bearer%20abcdefghijklmnop', 16)).toBe('');
  });
});
