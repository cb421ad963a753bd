import { createRecordingLogger } from '@dual-auth/testing';
import { describe, expect, it } from 'vitest';
import { useEntraIdTestSetup } from '../test/entraid-test-setup.js';
import { EntraIdAdapter } from './entraid-adapter.js';

// Session 38 (wave38/agentside): session 37 made @dual-auth/resource refuse an act assertion whose
// act.oid is not an object id as Entra ID writes it (a lower-case hyphenated GUID), but the adapter
// still signed whatever oid it was given, and every call with it was refused by the API (401
// invalid_act). The agent now refuses it itself, before any request, naming the field and the form.
const GUID = '6a1f0c2e-8e2f-4c7e-9d1a-7a1f0e3b9c41';
const setup = useEntraIdTestSetup();

function adapter(logger = createRecordingLogger()) {
  return new EntraIdAdapter(setup.config(), { fetch: setup.server.fetch, retry: false, logger });
}

describe('attack: EntraIdAdapter given an act.oid that is not an Entra object id', () => {
  it.each([
    ['an id that is no GUID', 'OID-1'],
    ['upper case', GUID.toUpperCase()],
    ['braces', `{${GUID}}`],
    ['a urn:uuid: prefix', `urn:uuid:${GUID}`],
    ['no hyphens', GUID.replaceAll('-', '')],
    ['a space around it', ` ${GUID}`],
  ])('refuses %s before any request, naming the field and the form', async (_what, oid) => {
    const logger = createRecordingLogger();
    const sent = setup.server.requests.length;
    const refused = await adapter(logger)
      .requestToken({ agentId: 'cid', act: { sub: 'alice@contoso.example', oid }, scope: [] })
      .catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(TypeError);
    expect((refused as Error).message).toContain("Act claim 'oid'");
    expect((refused as Error).message).toContain('xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx');
    expect((refused as Error).message).not.toContain(oid.trim());
    expect(setup.server.requests.length).toBe(sent);
    expect(logger.records.map((record) => record.event)).toContain('invalid_act_claim');
  });

  it('signs an oid as Entra writes it, and an act without oid', async () => {
    for (const act of [
      { sub: 'alice@contoso.example', oid: GUID },
      { sub: 'alice@contoso.example' },
    ]) {
      setup.server.reply({ status: 200, body: { access_token: 'AT' } });
      const token = await adapter().requestToken({ agentId: 'cid', act, scope: [] });
      const payload = JSON.parse(
        Buffer.from(token.actAssertion?.split('.')[1] ?? '', 'base64url').toString(),
      ) as { act: unknown };
      expect(payload.act).toEqual(act);
    }
  });
});
