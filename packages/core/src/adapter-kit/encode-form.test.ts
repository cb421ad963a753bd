import { describe, expect, it } from 'vitest';
import { asciiJson } from './ascii-json.js';
import { encodeForm } from './encode-form.js';

describe('encodeForm', () => {
  it('encodes like Python urlencode, in order (docs/wire-format.md, Client assertion)', () => {
    expect(
      encodeForm([
        ['grant_type', 'client_credentials'],
        ['scope', 'finance.read x'],
        ['client_assertion_type', 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer'],
      ]),
    ).toBe(
      'grant_type=client_credentials&scope=finance.read+x&client_assertion_type=urn%3Aietf%3Aparams%3Aoauth%3Aclient-assertion-type%3Ajwt-bearer',
    );
    expect(encodeForm([['scope', 'https://api/.default']])).toBe(
      'scope=https%3A%2F%2Fapi%2F.default',
    );
  });

  it("keeps ~ and encodes * ! ' ( ) like quote_plus, and UTF-8 as %XX", () => {
    expect(encodeForm([['v', "~*!'()é+&="]])).toBe('v=~%2A%21%27%28%29%C3%A9%2B%26%3D');
  });
});

describe('asciiJson', () => {
  it('writes compact JSON with non-ASCII escaped as Python ensure_ascii does', () => {
    expect(asciiJson({ name: 'Alicé', e: '😀', ctl: '\u0001\n', del: '\u007f' })).toBe(
      '{"name":"Alic\\u00e9","e":"\\ud83d\\ude00","ctl":"\\u0001\\n","del":"\\u007f"}',
    );
  });
});
