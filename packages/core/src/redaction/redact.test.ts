import { describe, expect, it } from 'vitest';
import { urlForLogging } from './redact.js';

describe('urlForLogging', () => {
  it('drops credentials, query, fragment and path parameters (;jsessionid=…)', () => {
    expect(
      urlForLogging('https://u:pw@idp.example/realms/a;v=1/token;jsessionid=SECRET?code=Q#F'),
    ).toBe('https://idp.example/realms/a/token');
  });

  it('says unknown for what is not a URL', () => {
    expect(urlForLogging('not a url')).toBe('unknown');
  });
});
