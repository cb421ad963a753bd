import { describe, expect, it } from 'vitest';
import { DpopNonceMemory } from './dpop-nonce-memory.js';

const nonce = (value: string) => new Headers({ 'DPoP-Nonce': value });

describe('DpopNonceMemory (RFC 9449 §8)', () => {
  it('keeps the latest well-formed nonce per token URL, ignoring malformed ones', () => {
    const memory = new DpopNonceMemory();
    expect(memory.remember('https://a/t', nonce('n-1'))).toBe('n-1');
    expect(memory.remember('https://a/t', nonce('bad"nonce'))).toBeUndefined();
    expect(memory.remember('https://a/t', new Headers())).toBeUndefined();
    expect(memory.get('https://a/t')).toBe('n-1');
    expect(memory.get('https://b/t')).toBeUndefined();
  });

  it('keeps at most 16 token URLs, dropping the one heard from longest ago', () => {
    const memory = new DpopNonceMemory();
    for (let i = 0; i < 17; i++) memory.remember(`https://idp/${i}`, nonce(`n${i}`));
    expect(memory.get('https://idp/0')).toBeUndefined();
    expect(memory.get('https://idp/16')).toBe('n16');
  });
});
