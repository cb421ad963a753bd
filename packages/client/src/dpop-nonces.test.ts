import { describe, expect, it } from 'vitest';
import { DpopNonces } from './dpop-nonces.js';

const answer = (nonce: string, status = 200) =>
  new Response(null, { status, headers: { 'dpop-nonce': nonce } });

describe('DpopNonces (RFC 9449 §8.2)', () => {
  it('keeps the latest well-formed nonce per origin, from any answer', () => {
    const nonces = new DpopNonces();
    expect(nonces.remember('https://a.example', answer('n-1', 401))).toBe('n-1');
    expect(nonces.remember('https://a.example', answer('n-2'))).toBe('n-2');
    expect(nonces.remember('https://a.example', new Response(null))).toBe('n-2');
    expect(nonces.get('https://a.example')).toBe('n-2');
    expect(nonces.get('https://b.example')).toBeUndefined();
  });

  it('keeps no nonce over 1024 characters or outside NQCHAR', () => {
    const nonces = new DpopNonces();
    nonces.remember('https://a.example', answer('x'.repeat(1025)));
    nonces.remember('https://b.example', answer('a"b'));
    expect(nonces.get('https://a.example')).toBeUndefined();
    expect(nonces.get('https://b.example')).toBeUndefined();
    nonces.remember('https://a.example', answer('x'.repeat(1024)));
    expect(nonces.get('https://a.example')).toHaveLength(1024);
  });

  it('keeps at most 100 origins, forgetting the one heard from longest ago', () => {
    const nonces = new DpopNonces();
    for (let i = 0; i < 100; i++) nonces.remember(`https://h${i}.example`, answer(`n${i}`));
    nonces.remember('https://h0.example', answer('again'));
    nonces.remember('https://h100.example', answer('n100'));
    expect(nonces.get('https://h0.example')).toBe('again');
    expect(nonces.get('https://h1.example')).toBeUndefined();
    expect(nonces.get('https://h2.example')).toBe('n2');
    expect(nonces.get('https://h100.example')).toBe('n100');
  });
});
