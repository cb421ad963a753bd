import {
  createDualAuthConfig,
  createSubjectToken,
  type SubjectToken,
  TOKEN_TYPE,
  TokenRequestError,
} from '@dual-auth/core';
import {
  createRecordingLogger,
  type RecordingLogger,
  startTokenEndpointStub,
  type TokenEndpointStub,
} from '@dual-auth/testing';
import { base64url } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OAuthAdapter } from './oauth-adapter.js';
import type { OAuthConfig } from './oauth-config.js';

// Attack review (breaker10): the id-jag human checks, and what messages and logs now carry.

const SECRET = 'oauth-secret-0123456789abcdef0123456789';
const NOW_SECONDS = 1_795_421_725;
const RESOURCE_ISSUER = 'https://rs.example/';

let server: TokenEndpointStub;
beforeAll(async () => {
  server = await startTokenEndpointStub();
});
afterAll(() => server.close());

const jwt = (claims: Record<string, unknown>, typ = 'at+jwt') =>
  `${base64url.encode(JSON.stringify({ alg: 'RS256', typ }))}.${base64url.encode(JSON.stringify(claims))}.c2ln`;

type Claims = Record<string, unknown>;

/** The id-jag configuration of these tests, with `fields` over it. */
const idJagConfig = (fields: Partial<OAuthConfig> = {}) =>
  createDualAuthConfig<OAuthConfig>({
    vendor: 'oauth',
    tokenUrl: `${server.url}/oauth2/token`,
    clientId: 'agent-1',
    clientSecret: SECRET,
    mode: 'id-jag',
    idpTokenUrl: `${server.url}/idp/token`,
    resourceIssuer: RESOURCE_ISSUER,
    ...fields,
  });

/**
 * An id-jag adapter over the loopback stub: the enterprise IdP answers an ID-JAG with `jag`
 * claims, the resource server an access token with `token` claims (iss, act, exp filled in).
 */
function idJag(
  jag: Claims,
  token: Claims,
  options: { paths?: string[]; logger?: RecordingLogger; fields?: Partial<OAuthConfig> } = {},
): OAuthAdapter {
  const fetch: typeof globalThis.fetch = async (url, init) => {
    const path = new URL(String(url)).pathname;
    options.paths?.push(path);
    server.reply({
      status: 200,
      body:
        path === '/idp/token'
          ? {
              access_token: jwt({ aud: RESOURCE_ISSUER, ...jag }, 'oauth-id-jag+jwt'),
              token_type: 'N_A',
              issued_token_type: TOKEN_TYPE.idJag,
            }
          : {
              access_token: jwt({
                iss: RESOURCE_ISSUER,
                act: { sub: 'agent-1' },
                client_id: 'agent-1',
                exp: NOW_SECONDS + 300,
                ...token,
              }),
              token_type: 'Bearer',
            },
    });
    return server.fetch(url, init);
  };
  return new OAuthAdapter(idJagConfig(options.fields), {
    fetch,
    clock: { now: () => NOW_SECONDS * 1000 },
    retry: false,
    logger: options.logger,
  });
}

const alice = { sub: 'u-alice' };
const requestWith = (subjectToken: SubjectToken) => ({
  agentId: 'agent-1',
  act: alice,
  scope: ['finance.read'],
  subjectToken,
});
const aliceIdToken = createSubjectToken(
  jwt({ sub: 'u-alice', aud: 'agent-1' }, 'JWT'),
  TOKEN_TYPE.idToken,
);

async function outcome(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    () => 'handed out',
    (error: unknown) => error,
  );
}

describe('attack: id-jag human checks', () => {
  it("control: alice's ID-JAG and token are handed out; an ID-JAG of u-bob is refused before step two", async () => {
    expect(
      await outcome(
        idJag({ sub: 'u-alice' }, { sub: 'u-alice' }).requestToken(requestWith(aliceIdToken)),
      ),
    ).toBe('handed out');
    const paths: string[] = [];
    const refused = await outcome(
      idJag({ sub: 'u-bob' }, { sub: 'u-bob' }, { paths }).requestToken(requestWith(aliceIdToken)),
    );
    expect(refused).toMatchObject({ mismatch: 'human' });
    expect(paths).toEqual(['/idp/token']);
  });

  it.each([
    ['an array sub naming bob', { sub: ['u-bob'], oid: 'u-alice' }],
    ['a number sub', { sub: 4242, oid: 'u-alice' }],
    ['an object sub', { sub: { id: 'u-bob' }, oid: 'u-alice' }],
  ])(
    'refuses, before step two, an ID-JAG whose sub is not a string (%s) even when its oid is alice',
    async (_name, jag) => {
      const paths: string[] = [];
      const refused = await outcome(
        idJag(jag, { sub: 'u-alice' }, { paths }).requestToken(requestWith(aliceIdToken)),
      );
      // A sub that is not a string is a human id the resource's server may read (String(sub),
      // sub[0]); it is not "absent". Today humanMatches ignores it, the grant is sent on and
      // the token handed out.
      expect(refused).not.toBe('handed out');
      expect(TokenRequestError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({ mismatch: 'human' });
      expect(paths).toEqual(['/idp/token']);
    },
  );

  it('refuses a final token whose sub is an array naming bob and whose oid is alice', async () => {
    const refused = await outcome(
      idJag({ sub: 'u-alice' }, { sub: ['u-bob'], oid: 'u-alice' }).requestToken(
        requestWith(aliceIdToken),
      ),
    );
    expect(refused).not.toBe('handed out');
    expect(TokenRequestError.isInstance(refused)).toBe(true);
    expect(refused).toMatchObject({ mismatch: 'human' });
  });

  it("refuses a subject ID token whose sub is act's but whose oid is another human's: it must not widen who the ID-JAG and token may name", async () => {
    // checkSubjectHuman passes a token when ANY of sub/oid is act's; askedHumans then adds the
    // token's other id (u-bob) to the humans an ID-JAG and the final token may name.
    const mixed = createSubjectToken(
      jwt({ sub: 'u-alice', oid: 'u-bob', aud: 'agent-1' }, 'JWT'),
      TOKEN_TYPE.idToken,
    );
    const paths: string[] = [];
    const result = await outcome(
      idJag({ sub: 'u-bob' }, { sub: 'u-bob' }, { paths }).requestToken(requestWith(mixed)),
    );
    // Today: a token for u-bob is handed out for act u-alice.
    expect(result).not.toBe('handed out');
  });
});

describe('attack: what messages and logs carry (no secret, token, email or name)', () => {
  it('an OAUTH_RESOURCE_ISSUER with credentials is refused like OAUTH_ISSUER, never logged nor shown by toString', async () => {
    const logger = createRecordingLogger();
    const withPassword = 'https://svc:hunter2-resource-pw@rs.example/';
    let made: OAuthAdapter | undefined;
    try {
      made = idJag({}, {}, { logger, fields: { resourceIssuer: withPassword } });
    } catch {
      // Refused at configuration: what should happen.
    }
    expect(JSON.stringify(logger.records)).not.toContain('hunter2');
    expect(String(made ?? '')).not.toContain('hunter2');
    expect(JSON.stringify(made?.toJSON() ?? {})).not.toContain('hunter2');
  });

  it('an OAUTH_RESOURCE_ISSUER that is no URL (a secret pasted into the wrong variable) is refused, not logged', async () => {
    const logger = createRecordingLogger();
    const pasted = 'sk_live_51HxPasteIntoWrongVariable0123456789';
    let made: OAuthAdapter | undefined;
    try {
      made = idJag({}, {}, { logger, fields: { resourceIssuer: pasted } });
    } catch {
      // Refused at configuration: what should happen.
    }
    expect(made).toBeUndefined();
    expect(JSON.stringify(logger.records)).not.toContain(pasted);
  });

  it('an OAUTH_IDP_TOKEN_URL query (a key in the URL) is not logged by oauth_adapter_init nor shown by toString', async () => {
    const logger = createRecordingLogger();
    const made = idJag(
      {},
      {},
      { logger, fields: { idpTokenUrl: `${server.url}/idp/token?code=fn-key-0123456789` } },
    );
    expect(JSON.stringify(logger.records)).not.toContain('fn-key-0123456789');
    expect(String(made)).not.toContain('fn-key-0123456789');
  });

  it("the iss refusal does not carry an email or a token read from the IdP's token", async () => {
    for (const iss of [
      'alice.smith@example.com',
      `https://rs.example/${jwt({ sub: 'u-alice', email: 'alice@example.com' })}`.slice(0, 190),
    ]) {
      const refused = await outcome(
        idJag({ sub: 'u-alice' }, { sub: 'u-alice', iss }).requestToken(requestWith(aliceIdToken)),
      );
      expect(TokenRequestError.isInstance(refused)).toBe(true);
      // Today the message quotes up to 200 characters of the unverified iss.
      expect((refused as Error).message).not.toContain(iss.slice(0, 40));
    }
  });
});

describe('held: what the id-jag changes withstood', () => {
  it('an ID-JAG that is no JWT, or names no human (an array sub alone), is refused before step two', async () => {
    for (const jagValue of ['opaque-grant', jwt({ sub: ['u-alice'] }, 'oauth-id-jag+jwt')]) {
      const paths: string[] = [];
      const fetch: typeof globalThis.fetch = async (url, init) => {
        paths.push(new URL(String(url)).pathname);
        server.reply({
          status: 200,
          body: {
            access_token: jagValue,
            token_type: 'N_A',
            issued_token_type: TOKEN_TYPE.idJag,
          },
        });
        return server.fetch(url, init);
      };
      const refused = await outcome(
        new OAuthAdapter(idJagConfig(), { fetch, retry: false }).requestToken(
          requestWith(aliceIdToken),
        ),
      );
      expect(refused).toMatchObject({ mismatch: 'human' });
      expect(paths).toEqual(['/idp/token']);
    }
  });

  it("step one's invalid_grant names the step and the URL without its query", async () => {
    const fetch: typeof globalThis.fetch = async (url, init) => {
      server.reply({ status: 400, body: { error: 'invalid_grant', error_description: 'x' } });
      return server.fetch(url, init);
    };
    const config = idJagConfig({ idpTokenUrl: `${server.url}/idp/token?code=fn-key-0123456789` });
    const refused = await outcome(
      new OAuthAdapter(config, { fetch, retry: false }).requestToken(requestWith(aliceIdToken)),
    );
    expect((refused as Error).message).toMatch(/^.*id-jag step 1 .*refused the subject token/);
    expect((refused as Error).message).not.toContain('fn-key');
  });

  it('OAUTH_ISSUER with credentials or a query is refused at construction, without its value', () => {
    for (const issuer of ['https://svc:hunter2@idp.example/', 'https://idp.example/?k=hunter2']) {
      let message = '';
      try {
        new OAuthAdapter(idJagConfig({ mode: 'token-exchange', issuer }), { retry: false });
      } catch (error) {
        message = (error as Error).message;
      }
      expect(message).toMatch(/^OAUTH_ISSUER must (not contain credentials|be an RFC 8414 issuer)/);
      expect(message).not.toContain('hunter2');
    }
  });

  it('a quoted iss escapes control and bidi characters and is cut at 200 characters', async () => {
    const iss = `https://evil.example/\u202e\u0007${'a'.repeat(400)}`;
    const refused = await outcome(
      idJag({ sub: 'u-alice' }, { sub: 'u-alice', iss }).requestToken(requestWith(aliceIdToken)),
    );
    const message = (refused as Error).message;
    expect(message).toContain('\\u202e\\u0007');
    expect(message).not.toContain('\u202e');
    expect(message).not.toContain('a'.repeat(201));
  });
});
