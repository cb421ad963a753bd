import { describe, expect, it } from 'vitest';
import { token } from '../test/demo-api.js';
import { useDemoApis } from '../test/use-demo-apis.js';
import { ApiCall } from './api-call.js';

const api = useDemoApis();

/** The ApiCallError of a GET the API refuses with 403 and `Bearer error="insufficient_scope"`. */
async function refusedWith(description: string): Promise<{ error: unknown; url: string }> {
  const server = await api(() => ({
    status: 403,
    headers: {
      'www-authenticate': `Bearer error="insufficient_scope", error_description="${description}"`,
    },
  }));
  const error = await new ApiCall({ fetch: server.fetch, retry: { limit: 0 } })
    .callApi({
      apiUrl: `${server.url}/accounts`,
      tokenResponse: token({ accessToken: 'legacy.access.token' }),
    })
    .catch((e: unknown) => e);
  return { error, url: server.url };
}

// Attack: an API (hostile, or one that words its refusals carelessly) names the human by email in
// its WWW-Authenticate error_description. The legacy layout's token carries act.email, so any API
// it reaches can quote it. The description went into ApiCallError's message, which callers log:
// an email in the agent's logs, where a TokenRequestError keeps the IdP's description out of its
// message and redacts it from toJSON and util.inspect.
describe("attack: an API's refusal that names the human by email", () => {
  it.each([
    ['alice@example.com lacks the FinanceUser role', 'alice@example.com'],
    ['user ALICE.SMITH@Corp.Example.org not found', 'ALICE.SMITH@Corp.Example.org'],
    ['forbidden for bob+agents@example.co.uk (upn)', 'bob+agents@example.co.uk'],
  ])('keeps the email of %j out of the error', async (description, email) => {
    const { error, url } = await refusedWith(description);
    expect((error as Error).message).toBe(
      `API call failed: GET ${url}/accounts answered HTTP 403 after 1 attempt(s) (Bearer error insufficient_scope; its description left out: it names a person by email)`,
    );
    expect(JSON.stringify(error)).not.toContain(email);
  });

  it('still quotes a description without an email', async () => {
    const { error } = await refusedWith('needs scope finance.write @ /accounts');
    expect((error as Error).message).toContain(
      '(Bearer error insufficient_scope: needs scope finance.write @ /accounts)',
    );
  });

  // A disguised address: percent-encoded, a look-alike `@` (sent as its UTF-8 bytes, which the
  // header carries as Latin-1 and the printable-ASCII filter would drop, gluing the address into
  // `janeexample.com`), or spelled out with `at` and `dot`.
  it.each([
    ['jane%40example.com lacks the FinanceUser role', 'example.com'],
    ['JANE%40EXAMPLE.COM lacks the FinanceUser role', 'EXAMPLE.COM'],
    [`user jane${utf8AsLatin1('\uFF20')}example.com not found`, 'example.com'],
    [`user jane${utf8AsLatin1('\uFE6B')}example.com not found`, 'example.com'],
    ['user jane at example dot com not found', 'example dot com'],
    ['user Jane AT Example DOT com not found', 'Example DOT com'],
    ['user jane [at] example [dot] com not found', 'example [dot] com'],
    ['user jane(at)example(dot)com not found', 'example(dot)com'],
    // A bracketed `at` needs no `dot`: ordinary text never brackets the word.
    ['user jane[at]example not found', 'jane[at]example'],
    ['user jane (at) example not found', 'jane (at) example'],
    ['user JANE{AT}EXAMPLE.COM not found', 'JANE{AT}EXAMPLE'],
  ])('keeps the disguised email of %j out of the error', async (description, domain) => {
    const { error, url } = await refusedWith(description);
    expect((error as Error).message).toBe(
      `API call failed: GET ${url}/accounts answered HTTP 403 after 1 attempt(s) (Bearer error insufficient_scope; its description left out: it names a person by email)`,
    );
    expect(JSON.stringify(error)).not.toContain(domain);
  });

  it.each([
    'token expired at 2026-12-02T10:00:00Z',
    'see the docs at https://api.example.com/docs',
    'scope finance.write is not granted at this endpoint',
    'the format of the dot-separated token is wrong',
    'at most 100% of the quota, 40 left',
    // A spaced `at` without `dot` is ordinary English, with a host name after it too.
    'look at example',
    'see the docs at api.example.com',
    'needs a scope (at least one of finance.read, finance.write)',
  ])('still quotes ordinary text: %j', async (description) => {
    const { error } = await refusedWith(description);
    expect((error as Error).message).toContain(`(Bearer error insufficient_scope: ${description})`);
  });
});

/** `text`'s UTF-8 bytes, one Latin-1 character each: what a header carrying it holds. */
function utf8AsLatin1(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

// Attack (wave 24): the refusal text decided with its own pattern, which wanted a dot after the
// `@`, so an id core digests in its logs (`alice@corp`, a bare-host login) was echoed here.
describe("attack: an API's refusal naming the human by an id core reads as an email", () => {
  it.each([
    ['user alice@corp has no access', 'alice@corp'],
    ['forbidden for jane%40intranet', 'jane%40intranet'],
  ])('keeps %j out of the error as readsAsEmail would', async (description, email) => {
    const { error } = await refusedWith(description);
    expect((error as Error).message).toContain(
      'its description left out: it names a person by email',
    );
    expect(JSON.stringify(error)).not.toContain(email);
    expect(String(error)).not.toContain(email);
  });
});
