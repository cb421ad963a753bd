import { afterEach, expect, it, vi } from 'vitest';
import { PROFILE } from '../../test/base-adapter-fixture.js';
import { globalTelemetrySdkPerSuite } from '../../test/global-telemetry-sdk.js';
import { recordingLogger, tokenServerPerTest } from '../../test/token-server.js';
import { webCryptoDigest } from '../../test/web-crypto-digest.js';
import type { AdapterOptions } from './adapter-options.js';
import { type AttemptState, BaseAdapter } from './base-adapter.js';
import { jwtBearerForm } from './client-assertion.js';
import type { FormFields } from './encode-form.js';

const { exporter } = globalTelemetrySdkPerSuite();
const servers = tokenServerPerTest();

// An adapter of the kit's own kind (Okta, Keycloak): an RFC 7523 client assertion carrying `act`.
class AssertionAdapter extends BaseAdapter {
  constructor(tokenUrl: string, options: AdapterOptions) {
    super(
      { tokenUrl, clientId: 'agent-1', clientSecret: 'a-client-secret-of-thirty-two-bytes!' },
      options,
      { profile: PROFILE, audience: undefined, details: {} },
    );
  }

  protected async buildForm({ request, clientSecret }: AttemptState): Promise<FormFields> {
    const assertion = await this.assertion({
      agentId: request.agentId,
      audience: this.tokenUrl,
      act: request.act,
      secret: clientSecret,
      event: 'client_assertion_created',
    });
    return jwtBearerForm([['scope', request.scope.join(' ')]], assertion);
  }
}

afterEach(() => {
  vi.unstubAllGlobals();
  exporter.reset();
});

// Off Node (Workers, Deno, Bun: no node:crypto) the client assertion's debug line and the token
// request's span name an email-shaped human by the digest the adapter prepared once the act was
// checked: never the email, never `sha256:unavailable`. The human's token request fails here too,
// so its failure line is checked as well.
it.each([
  ['an email in sub', { sub: 'alice@corp.example' }, 'alice@corp.example', 200],
  ['an email in oid', { sub: 'u-1', oid: 'jane@corp.example' }, 'jane@corp.example', 200],
  ['an email in sub, refused', { sub: 'alice@corp.example' }, 'alice@corp.example', 400],
] as const)(
  'off Node, %s: the assertion line and the span name the digest',
  async (_, act, email, status) => {
    const expected = await webCryptoDigest(email);
    const server = await servers.start([
      status === 200
        ? { body: { access_token: 'AT', token_type: 'Bearer', expires_in: 300, scope: 's' } }
        : { status, body: { error: 'invalid_grant' } },
    ]);
    const { logger, events } = recordingLogger();
    const adapter = new AssertionAdapter(server.url, {
      logger,
      allowInsecureLoopback: true,
      retry: false,
    });
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    const outcome = await adapter.requestToken({ agentId: 'agent-1', act, scope: ['s'] }).then(
      () => 'issued',
      (error: Error) => error.name,
    );
    vi.unstubAllGlobals();
    expect(outcome).toBe(status === 200 ? 'issued' : 'TokenRequestError');
    const assertionLines = events.filter((e) => e.event === 'client_assertion_created');
    expect(assertionLines).toHaveLength(1);
    expect(assertionLines[0]?.fields).toMatchObject({ agent_id: 'agent-1', human_id: expected });
    const named = events
      .map((e) => (e.fields as { human_id?: unknown } | undefined)?.human_id)
      .filter((id) => id !== undefined);
    expect(named.length).toBeGreaterThan(1);
    expect(new Set(named)).toEqual(new Set([expected]));
    const spans = exporter.getFinishedSpans().filter((s) => s.name === 'dual_auth.token_request');
    expect(spans.map((s) => s.attributes['dual_auth.human.id'])).toEqual([expected]);
    expect(JSON.stringify([events, spans.map((s) => s.attributes)])).not.toContain('@');
    expect(JSON.stringify(events)).not.toContain('unavailable');
  },
);
