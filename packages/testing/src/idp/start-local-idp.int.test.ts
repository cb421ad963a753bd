import { describe, expect, it } from 'vitest';
import {
  agentOf,
  clientAssertion,
  createTrustingFetch,
  discoverWorkspacePlugins,
  JWT_BEARER,
  postToken,
  startLocalIdp,
} from '../index.js';

// Every adapter of the workspace brings its profile; found by name, with no list here.
const VENDORS = discoverWorkspacePlugins()
  .filter((plugin) => plugin.kind === 'adapter')
  .map((plugin) => plugin.name);

const tcpHandles = () =>
  process
    .getActiveResourcesInfo()
    .filter((r) => r === 'TCPServerWrap' || r === 'TLSWrap' || r === 'TCPSocketWrap').length;

describe('startLocalIdp', () => {
  // How fast it starts is measured by bench/start-local-idp.bench.ts, not asserted here.
  it('starts each vendor ready to serve its JWKS', async () => {
    expect(VENDORS).toEqual(expect.arrayContaining(['keycloak', 'auth0', 'okta', 'entraid']));
    for (const vendor of VENDORS) {
      const idp = await startLocalIdp({ vendor });
      try {
        const response = await idp.fetch(idp.jwksUrl);
        expect(response.status, vendor).toBe(200);
        const { keys } = (await response.json()) as { keys: { kid?: string }[] };
        expect(keys.length, vendor).toBeGreaterThan(0);
      } finally {
        await idp.close();
      }
    }
  }, 120_000); // Loads each vendor's profile from source and makes its keys: real work, no race.

  it('close() ends pending requests, frees the port and leaves no sockets open', async () => {
    const before = tcpHandles();
    const idp = await startLocalIdp({ vendor: 'okta' });
    idp.failNext({ delayMs: 3_600_000 });
    const pending = postToken(idp, {
      grant_type: 'client_credentials',
      scope: 'finance.read',
      client_assertion_type: JWT_BEARER,
      client_assertion: await clientAssertion(agentOf(idp), { aud: idp.issuer }),
    }).then(
      () => 'answered',
      () => 'failed',
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    // The pending request would wait an hour, longer than any test timeout: a close() that waited
    // for it would fail the test by timing out, whatever the speed of the machine.
    await idp.close();
    expect(await pending).toBe('failed');
    const stranger = createTrustingFetch(idp.caPem);
    await expect(stranger(idp.jwksUrl)).rejects.toThrow();
    await stranger.dispatcher.destroy();
    await new Promise((resolve) => setTimeout(resolve, 10));
    expect(tcpHandles()).toBeLessThanOrEqual(before);
  });

  it('takes agents and humans, replacing the defaults, and more at run time', async () => {
    const idp = await startLocalIdp({
      vendor: 'keycloak',
      vendorOptions: { realm: 'demo' },
      agents: [
        {
          clientId: 'a1',
          clientSecret: 'a1-secret-that-is-long-enough-32b',
          roles: ['FinanceAgent'],
        },
      ],
      humans: [{ sub: 'h1', roles: ['FinanceUser'] }],
    });
    try {
      expect([...idp.agents.keys()]).toEqual(['a1']);
      expect(idp.isAgentAuthorized('a1')).toBe(true);
      expect(idp.isHumanAuthorized('h1')).toBe(true);
      expect(idp.isHumanAuthorized('alice')).toBe(false);

      const late = idp.addAgent({ clientId: 'late-agent', scopes: ['finance.read'] });
      expect(late.clientSecret).toMatch(/^[\w-]{43}$/);
      idp.addHuman({ sub: 'h2', roles: ['Auditor'] });
      expect(idp.isHumanAuthorized('h2')).toBe(false);
      expect(idp.isHumanAuthorized('h2', 'Auditor')).toBe(true);
      expect(idp.isAgentAuthorized('late-agent')).toBe(false);

      const res = await postToken(idp, {
        grant_type: 'client_credentials',
        scope: 'finance.read',
        client_assertion_type: JWT_BEARER,
        client_assertion: await clientAssertion(late, { aud: idp.issuer }),
      });
      expect(res.status).toBe(200);
      expect(idp.issuer).toMatch(/\/realms\/demo$/);
      expect(() => idp.env('nobody')).toThrow(TypeError);
    } finally {
      await idp.close();
    }
  });

  it('has the guide defaults: finance-agent and intern-agent, alice and bob', async () => {
    const idp = await startLocalIdp({ vendor: 'auth0' });
    try {
      expect(idp.isAgentAuthorized('finance-agent')).toBe(true);
      expect(idp.isAgentAuthorized('intern-agent')).toBe(false);
      expect(agentOf(idp).permissions).toEqual(['read:finance-data']);
      const byName = new Map([...idp.humans.values()].map((h) => [h.username, h]));
      expect(idp.isHumanAuthorized(byName.get('alice')?.sub ?? '')).toBe(true);
      expect(idp.isHumanAuthorized(byName.get('bob')?.sub ?? '')).toBe(false);
      expect(byName.get('alice')?.sub).toMatch(/^auth0\|/);
    } finally {
      await idp.close();
    }
  });

  it('rejects wrong option types with TypeError', async () => {
    await expect(startLocalIdp({ vendor: 'google' as never })).rejects.toThrow(TypeError);
    await expect(startLocalIdp(undefined as never)).rejects.toThrow(TypeError);
    await expect(
      startLocalIdp({ vendor: 'keycloak', vendorOptions: { realm: '' } }),
    ).rejects.toThrow(TypeError);
    await expect(
      startLocalIdp({ vendor: 'auth0', vendorOptions: { strict: 'yes' } }),
    ).rejects.toThrow(TypeError);
    await expect(
      startLocalIdp({ vendor: 'okta', vendorOptions: { assertionAudience: 'aud' } }),
    ).rejects.toThrow(TypeError);
    await expect(
      startLocalIdp({ vendor: 'okta', vendorOptions: { relm: 'typo' } }),
    ).rejects.toThrow('startLocalIdp: unknown okta option relm');
    await expect(
      startLocalIdp({
        vendor: 'okta',
        agents: [{ clientId: 'x', roles: 'FinanceAgent' as never }],
      }),
    ).rejects.toThrow(TypeError);
  });
});
