import { describe, expect, it } from 'vitest';
import { failure, SECRET, tokenEndpointHarness } from '../../test/token-endpoint-harness.js';

const { run } = tokenEndpointHarness();

// Attack: an IdP (or what stands in its place) echoes the client secret, or the person the token
// is asked for, in the parts of an answer the advice on a wrong token URL names: the origin of a
// redirect's Location and the media type of a body that is not JSON. Held: neither reaches the
// error (any of its string forms) nor a log line; the advice still says what happened.
describe('attack: the token URL advice quotes an echoed credential or person', () => {
  const person = 'jdoe-finance';
  const cases = [
    [
      'a redirect to a host named by the client secret',
      { status: 302, headers: { location: `https://${SECRET}.idp.example/login` } },
      'redirected',
    ],
    [
      'a redirect to a host named by the person',
      { status: 302, headers: { location: `https://${person}.idp.example/login` } },
      'redirected',
    ],
    [
      'a 200 body that is not JSON, its media type the client secret',
      { status: 200, body: '<html></html>', headers: { 'content-type': `text/${SECRET}` } },
      'not JSON',
    ],
    [
      'a 400 body that is not JSON, its media type the person',
      { status: 400, body: '<html></html>', headers: { 'content-type': `text/${person}` } },
      'not JSON',
    ],
  ] as const;
  it.each(cases)('names nothing of it for %s', async (_name, reply, said) => {
    const { call, logged } = await run([reply], { people: [person], retry: false });
    const error = await failure(call, [SECRET, person]);
    expect(error.message).toContain(said);
    expect(JSON.stringify(logged)).not.toContain(SECRET);
    expect(JSON.stringify(logged)).not.toContain(person);
  });
});
