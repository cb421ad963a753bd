import { afterEach, describe, expect, it, vi } from 'vitest';
import { adapterHarness } from '../../test/base-adapter-fixture.js';

const { answering } = adapterHarness();

async function webCryptoDigest(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id));
  const hex = Array.from(new Uint8Array(digest, 0, 16), (b) => b.toString(16).padStart(2, '0'));
  return `sha256:${hex.join('')}`;
}

// [event, human_id, oid] of every line that names a human.
function named(events: { event: string; fields: object | undefined }[]) {
  return events
    .map(({ event, fields }) => {
      const { human_id, oid } = (fields ?? {}) as { human_id?: unknown; oid?: unknown };
      return [event, human_id, oid];
    })
    .filter(([, id, oid]) => id !== undefined || oid !== undefined);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

// Off Node (Workers: no node:crypto, so no synchronous SHA-256) the adapter kit logged an
// email-shaped human as `sha256:unavailable`: it now prepares the digest with Web Crypto once the
// act is checked, before its first line. An email-shaped `oid` was logged as it was, on Node too.
describe('BaseAdapter names an email-shaped human by its digest', () => {
  it.each([
    ['off Node, an email in sub', { sub: 'alice@corp.example' }, 'alice@corp.example', true],
    [
      'off Node, an email in oid',
      { sub: 'u-1', oid: 'jane@corp.example' },
      'jane@corp.example',
      true,
    ],
    [
      'on Node, an email in oid',
      { sub: 'u-1', oid: 'jane@corp.example' },
      'jane@corp.example',
      false,
    ],
  ])('%s', async (_, act, email, offNode) => {
    const expected = await webCryptoDigest(email);
    const { adapter, events } = await answering({ access_token: 'AT', scope: 'a c' });
    if (offNode) vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    await adapter.requestToken({ agentId: 'agent-1', act, scope: ['a', 'b'] });
    vi.unstubAllGlobals();
    const withOid = 'oid' in act ? expected : undefined;
    expect(named(events)).toEqual([
      ['token_request_start', expected, withOid],
      ['token_scope_narrowed', expected, undefined],
      ['token_scope_widened', expected, undefined],
      ['token_request_success', expected, withOid],
    ]);
    expect(JSON.stringify(events)).not.toContain('@');
  });
});
