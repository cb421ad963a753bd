import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTokenEndpointStub, type TokenEndpointStub } from './start-token-endpoint-stub.js';

let stub: TokenEndpointStub;
beforeAll(async () => {
  stub = await startTokenEndpointStub();
});
afterAll(() => stub.close());

function post(body: string) {
  return stub.fetch(`${stub.url}/oauth/token?x=1`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
    body,
  });
}

describe('startTokenEndpointStub', () => {
  it('records each request as the IdP wire log does and answers 200 {} by default', async () => {
    const response = await post('grant_type=client_credentials&scope=a+b');
    expect([response.status, await response.json()]).toEqual([200, {}]);
    expect(stub.requests.at(-1)).toMatchObject({
      method: 'POST',
      path: '/oauth/token?x=1',
      headers: { accept: 'application/json' },
      body: 'grant_type=client_credentials&scope=a+b',
      form: [
        ['grant_type', 'client_credentials'],
        ['scope', 'a b'],
      ],
      fields: { grant_type: 'client_credentials', scope: 'a b' },
    });
  });

  it('answers every later request with the reply set, headers included', async () => {
    stub.reply({ status: 429, body: { error: 'slow_down' }, headers: { 'retry-after': '2' } });
    for (const _ of [1, 2]) {
      const response = await post('');
      expect(response.status).toBe(429);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toEqual({ error: 'slow_down' });
    }
  });

  it('refuses a reply without an integer status', () => {
    expect(() => stub.reply({ status: '200' } as never)).toThrow(TypeError);
    expect(() => stub.reply(null as never)).toThrow(TypeError);
  });
});
