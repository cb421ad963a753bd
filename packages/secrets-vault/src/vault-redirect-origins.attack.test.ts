import { describe, expect, it } from 'vitest';
import { vaultRedirectOrigins } from './vault-redirect-origins.js';

// Attack review brk23 (session 11), wave11/fixupg11b: parsing tricks in redirectOrigins and
// DUAL_AUTH_VAULT_REDIRECT_ORIGINS. All held: each entry is normalised to a WHATWG origin, so the
// transport's Set lookup compares like with like.

describe('vaultRedirectOrigins parsing (brk23, held)', () => {
  it('normalises case, the default port and IDN, so a listed node matches its redirect', () => {
    const origins = vaultRedirectOrigins(
      undefined,
      ' https://VAULT-2.example:443 ,\u00a0https://bücher.example:8200\thttps://vault-3.example:8200/ ',
      false,
    );
    expect([...origins]).toEqual([
      'https://vault-2.example',
      'https://xn--bcher-kva.example:8200',
      'https://vault-3.example:8200',
    ]);
  });

  it('refuses credentials, paths, plain http and a comma hidden in one option entry', () => {
    for (const entry of [
      'https://user:pass@vault-2.example',
      'https://vault-2.example/v1',
      'https://vault-2.example?x=1',
      'http://vault-2.example:8200',
      'https://vault-2.example,https://evil.example',
      'vault-2.example:8200',
    ]) {
      expect(() => vaultRedirectOrigins([entry], undefined, false), entry).toThrow();
    }
    expect(() => vaultRedirectOrigins(undefined, 'http://127.0.0.1:8200', false)).toThrow();
  });

  it('an empty or blank option entry adds no origin', () => {
    expect(vaultRedirectOrigins(['', '  '], undefined, false).size).toBe(0);
    expect(vaultRedirectOrigins(undefined, ' , ,', false).size).toBe(0);
  });
});
