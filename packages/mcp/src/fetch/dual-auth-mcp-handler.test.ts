import type { DualAuthGuard, DualSubject, GuardDecision, GuardDenial } from '@dual-auth/resource';
import type { AuthInfo } from '@modelcontextprotocol/sdk/server/auth/types.js';
import { describe, expect, it } from 'vitest';
import { guardAnswering } from '../../test/support/guard-answering.js';
import { getDualSubject } from '../dual-subject-auth-info.js';
import { dualAuthMcpHandler } from './dual-auth-mcp-handler.js';

/** An admission whose `recordStatus` keeps the statuses it was given. */
function admission(
  recorded: (number | null)[] = [],
  admitted: DualSubject = subject,
): Partial<GuardDecision> {
  return {
    decision: 'ALLOW',
    status: 200,
    subject: admitted,
    recordStatus: async (status: number | null) => void recorded.push(status),
  };
}

// A verified token issued for this server (`aud`): what a custom guard's admission carries.
const subject = {
  vendor: 'oauth',
  layout: 'rfc8693',
  agent: {
    id: 'finance-agent',
    roles: [],
    scopes: ['finance.read'],
    raw: { exp: 2_000_000_000, aud: 'https://mcp.example.com/mcp' },
  },
  human: { sub: 'u-alice', raw: { sub: 'u-alice' } },
  chain: [{ id: 'finance-agent', raw: { sub: 'finance-agent' } }],
} as unknown as DualSubject;

const denial = (
  status: 401 | 403 | 503,
  body: GuardDenial['body'],
  challenge?: string,
): Partial<GuardDenial> => ({
  decision: 'DENY',
  status,
  headers: {
    'cache-control': 'no-store',
    ...(challenge === undefined ? {} : { 'www-authenticate': challenge }),
  },
  body,
});

const resourceServerUrl = new URL('https://mcp.example.com/mcp');
const POINTER =
  'resource_metadata="https://mcp.example.com/.well-known/oauth-protected-resource/mcp"';
const post = (authorization?: string) =>
  new Request('https://mcp.example.com/mcp', {
    method: 'POST',
    headers: authorization === undefined ? {} : { authorization },
    body: '{}',
  });

/** A POST with a token is answered 401 with `challenge` and `body`, and the handler never runs. */
async function expectRefusedBeforeTheHandler(
  guard: DualAuthGuard,
  challenge: string,
  body: object,
): Promise<void> {
  let ran = false;
  const handle = dualAuthMcpHandler({ guard, resourceServerUrl }, () => {
    ran = true;
    return new Response('ok');
  });
  const response = await handle(post('Bearer a.b.c'));
  expect(response.status).toBe(401);
  expect(response.headers.get('www-authenticate')).toBe(`${challenge}, ${POINTER}`);
  expect(response.headers.get('cache-control')).toBe('no-store');
  // A browser MCP client behind the app's CORS layer can read the challenge.
  expect(response.headers.get('access-control-expose-headers')).toBe('WWW-Authenticate');
  expect(await response.json()).toEqual(body);
  expect(ran).toBe(false);
}

describe('dualAuthMcpHandler', () => {
  it('hands the handler the request and the authInfo of the express entry (clientId = agent)', async () => {
    const { guard } = guardAnswering(admission());
    const seen: AuthInfo[] = [];
    const handle = dualAuthMcpHandler({ guard, resourceServerUrl }, (_request, authInfo) => {
      seen.push(authInfo);
      return new Response('ok');
    });
    const response = await handle(post('Bearer a.b.c'));
    expect(await response.text()).toBe('ok');
    expect(seen[0]).toMatchObject({
      token: 'a.b.c',
      clientId: 'finance-agent',
      scopes: ['finance.read'],
      expiresAt: 2_000_000_000,
      resource: resourceServerUrl,
    });
    expect(getDualSubject(seen[0])).toBe(subject);
  });

  it('has an admission audited with the status the handler answered', async () => {
    const recorded: (number | null)[] = [];
    const { guard, inputs } = guardAnswering(admission(recorded));
    const handle = dualAuthMcpHandler({ guard, resourceServerUrl }, () =>
      Response.json({ error: 'boom' }, { status: 500 }),
    );
    const response = await handle(
      new Request('https://mcp.example.com/mcp/alice@example.com', {
        method: 'POST',
        headers: { authorization: 'Bearer a.b.c', 'x-request-id': 'r-1' },
      }),
    );
    expect(response.status).toBe(500);
    expect(inputs[0]).toMatchObject({
      method: 'POST',
      route: '/mcp/:redacted',
      requestId: 'r-1',
      reportsStatus: true,
    });
    expect(recorded).toEqual([500]);
  });

  it('refuses a custom guard whose ALLOW has no recordStatus before the handler runs', async () => {
    const { guard } = guardAnswering({ decision: 'ALLOW', status: 200, subject });
    let ran = false;
    const handle = dualAuthMcpHandler({ guard, resourceServerUrl }, () => {
      ran = true;
      return new Response('ok');
    });
    await expect(handle(post('Bearer a.b.c'))).rejects.toThrow(/without recordStatus/);
    expect(ran).toBe(false);
  });

  it('answers 401 with the guard challenge and the resource_metadata pointer, without running the handler', async () => {
    const { guard } = guardAnswering(
      denial(
        401,
        { error: 'invalid_token', error_description: 'Access token has expired' },
        'Bearer error="invalid_token", error_description="Access token has expired"',
      ),
    );
    await expectRefusedBeforeTheHandler(
      guard,
      'Bearer error="invalid_token", error_description="Access token has expired"',
      { error: 'invalid_token', error_description: 'Access token has expired' },
    );
  });

  it('answers 401 invalid_token when a custom guard admits a token not issued for this server (attack review #7)', async () => {
    const forApi = {
      ...subject,
      agent: { ...subject.agent, raw: { aud: ['https://api.example.com/finance'] } },
    };
    const recorded: (number | null)[] = [];
    const { guard } = guardAnswering(admission(recorded, forApi as DualSubject));
    const description = 'The access token was not issued for this MCP server (RFC 8707)';
    await expectRefusedBeforeTheHandler(
      guard,
      `Bearer error="invalid_token", error_description="${description}"`,
      {
        error: 'invalid_token',
        error_description: description,
      },
    );
    expect(recorded).toEqual([401]);
    const listed = {
      ...subject,
      agent: {
        ...subject.agent,
        raw: { aud: ['https://api.example.com/finance', 'https://mcp.example.com/mcp'] },
      },
    };
    const admitted = dualAuthMcpHandler(
      { guard: guardAnswering(admission([], listed as DualSubject)).guard, resourceServerUrl },
      () => new Response('ok'),
    );
    expect((await admitted(post('Bearer a.b.c'))).status).toBe(200);
  });

  it('points a request without credentials to the metadata (bare challenge, RFC 6750 §3.1)', async () => {
    const { guard } = guardAnswering(
      denial(401, { error: 'invalid_token', error_description: 'Missing' }, 'Bearer'),
    );
    const response = await dualAuthMcpHandler(
      { guard, resourceServerUrl },
      () => new Response(),
    )(post());
    expect(response.headers.get('www-authenticate')).toBe(`Bearer ${POINTER}`);
  });

  it('answers 403 insufficient_scope naming failed_side', async () => {
    const { guard } = guardAnswering(
      denial(
        403,
        {
          error: 'insufficient_scope',
          error_description: 'The human the agent acts for is not authorized for this resource',
          failed_side: 'human',
        },
        'Bearer error="insufficient_scope", error_description="The human the agent acts for is not authorized for this resource"',
      ),
    );
    const response = await dualAuthMcpHandler(
      { guard, resourceServerUrl, resourceMetadataUrl: 'https://meta.example.com/a"b' },
      () => new Response(),
    )(post('Bearer a.b.c'));
    expect(response.status).toBe(403);
    expect(await response.json()).toMatchObject({
      error: 'insufficient_scope',
      failed_side: 'human',
    });
    expect(response.headers.get('www-authenticate')).toMatch(
      /error="insufficient_scope", .*, resource_metadata="https:\/\/meta\.example\.com\/a%22b"$/,
    );
  });

  it('answers 503 when the guard could not reach the keys or the replay store', async () => {
    const { guard } = guardAnswering(
      denial(503, {
        error: 'temporarily_unavailable',
        error_description: 'The credentials could not be checked right now; try again later',
      }),
    );
    const response = await dualAuthMcpHandler(
      { guard, resourceServerUrl },
      () => new Response(),
    )(post('Bearer a.b.c'));
    expect(response.status).toBe(503);
    expect(response.headers.get('www-authenticate')).toBeNull();
    expect(await response.json()).toMatchObject({ error: 'temporarily_unavailable' });
  });

  it('throws a TypeError at creation on a missing guard, URL or handler', () => {
    const { guard } = guardAnswering({});
    const handler = () => new Response();
    expect(() => dualAuthMcpHandler({ resourceServerUrl } as never, handler)).toThrow(
      /options\.guard/,
    );
    expect(() =>
      dualAuthMcpHandler({ guard, resourceServerUrl: 'https://x' } as never, handler),
    ).toThrow(/options\.resourceServerUrl must be a URL object, .*new URL\(.*not a string/);
    expect(() => dualAuthMcpHandler({ guard, resourceServerUrl }, undefined as never)).toThrow(
      TypeError,
    );
  });
});
