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

// Attack (review): a host name and a media type are read lower-cased, and a host name in Unicode
// is written in Punycode: a client secret in mixed case (as most are) or a person's name with an
// accent came through in the advice, lower-cased or as `xn--…`, which the checks did not match.
describe('attack: the echo written the way a URL or a media type reads it', () => {
  const mixedSecret = 'Mixed-Case-Client-SECRET-42';
  const person = 'José.Núñez';
  const form = () =>
    [
      ['grant_type', 'client_credentials'],
      ['client_secret', mixedSecret],
    ] as [string, string][];
  const cases = [
    [
      'a redirect to a host named by a mixed-case client secret',
      { status: 302, headers: { location: `https://${mixedSecret}.idp.example/login` } },
      'redirected',
      mixedSecret.toLowerCase(),
    ],
    [
      'a body whose media type is a mixed-case client secret',
      { status: 200, body: '<html></html>', headers: { 'content-type': `text/${mixedSecret}` } },
      'not JSON',
      mixedSecret.toLowerCase(),
    ],
    [
      'a redirect to a host naming the person with a hyphen between the words of their name',
      { status: 302, headers: { location: 'https://jose-nunez.idp.example/login' } },
      'redirected',
      'jose-nunez',
    ],
    [
      'a media type naming the login joined to another word by an underscore',
      { status: 200, body: '<html></html>', headers: { 'content-type': 'text/jdoe_portal' } },
      'not JSON',
      'jdoe',
    ],
    [
      'a redirect to a host named by a person with an accent (Punycode)',
      { status: 302, headers: { location: `https://jos%C3%A9.idp.example/login` } },
      'redirected',
      'xn--',
    ],
  ] as const;
  it.each(cases)('names nothing of it for %s', async (_name, reply, said, written) => {
    const { call, logged } = await run([reply], {
      people: [person, 'José', 'Jose Nunez', 'jdoe'],
      retry: false,
      buildForm: form,
    });
    const error = await failure(call, [mixedSecret, written]);
    expect(error.message).toContain(said);
    expect(JSON.stringify(logged)).not.toContain(written);
  });

  it('still names an origin and a media type that echo nothing (held)', async () => {
    const redirect = await run(
      [{ status: 302, headers: { location: 'https://login.idp.example/x' } }],
      { people: [person], retry: false, buildForm: form },
    );
    expect((await failure(redirect.call, [mixedSecret])).message).toContain(
      'redirected to https://login.idp.example',
    );
    const html = await run(
      [{ status: 200, body: '<html></html>', headers: { 'content-type': 'Text/HTML' } }],
      { people: [person], retry: false, buildForm: form },
    );
    expect((await failure(html.call, [mixedSecret])).message).toContain('text/html, not JSON');
  });
});
