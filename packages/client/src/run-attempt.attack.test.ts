import { describe, expect, it } from 'vitest';
import { type Reply, token } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { InSessionApiCall } from './in-session-api-call.js';

const api = useDemoApis();

const redirect = (status: number, location: string): Reply => ({ status, headers: { location } });

// Attack: the redirect rule drops a fixed list of credential headers (Authorization,
// X-Act-Assertion, DPoP, Proxy-Authorization, Cookie). A caller's own API credential in a custom
// header (an API key, a cloud session token: the common forms) still follows an API's redirect to
// another origin, though the TSDoc promises credentials never reach another origin.
describe("attack: a redirect to another origin and the caller's custom credential headers", () => {
  it.each([
    ['x-api-key', 'caller-api-key-0123456789'],
    ['x-amz-security-token', 'IQoJb3JpZ2luX2VjEJr'],
    ['x-auth-token', 'caller-auth-token-0123'],
  ])('does not send %s to the other origin', async (name, value) => {
    const other = await api();
    const server = await api(() => redirect(307, `${other.url}/elsewhere`));
    const call = new InSessionApiCall({ fetch: server.fetch });
    await call.callApi({
      apiUrl: `${server.url}/start`,
      tokenResponse: token({ accessToken: 'bearer.access.token' }),
      headers: { [name]: value },
    });
    expect(server.requests.map((r) => r.headers[name])).toEqual([value]);
    expect(other.requests.map((r) => r.headers[name])).toEqual([undefined]);
  });
});
