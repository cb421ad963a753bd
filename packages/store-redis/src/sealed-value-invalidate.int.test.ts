import { createDualSubjectToken, webCryptoRandomBytes } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { type RedisWithClient, redisPerFile } from '../test/support/redis-client.js';
import { tokenCacheFor } from '../test/support/stores.js';
import { TokenCipher } from './token-cipher.js';

let started: RedisWithClient;
redisPerFile((value) => {
  started = value;
});

const HELD = { id: 'web-app', key: new Uint8Array(32).fill(7) };
const IV = 'AAAAAAAAAAAAAAAA';
const BODY = 'Zm9vYmFy';
// Entries planted beside the real ones: each decision of the script must be the sealer's own.
const PLANTED: Record<string, string> = {
  'well-formed': `v1.k9.${IV}.${BODY}`,
  'an extra segment': `v1.k9.${IV}.${BODY}.extra`,
  'an empty body': `v1.k9.${IV}.`,
  'no body': `v1.k9.${IV}`,
  'a key id of 33 characters': `v1.${'k'.repeat(33)}.${IV}.${BODY}`,
  'an iv outside base64url': `v1.k9.!!!!!!!!!!!!!!!!.${BODY}`,
  'an iv one character short': `v1.k9.${IV.slice(1)}.${BODY}`,
  'another version': `v2.k9.${IV}.${BODY}`,
  'not a sealed value': 'hello',
};

function tokenOf(accessToken: string) {
  return createDualSubjectToken({
    accessToken,
    tokenType: 'Bearer',
    expiresIn: 300,
    scope: 's',
    issuedAt: Date.now(),
  });
}

// Finding (carried since session 37): `INVALIDATE_HUMAN` parsed the sealed envelope
// (`v1.<key id>.<iv>.<ciphertext>`) with a Lua pattern of its own beside the TypeScript sealer's
// parser. The two disagreed (an extra segment, an empty body, a 33-character key id set aside though
// the sealer calls them unreadable; an iv outside base64url deleted though it names a key), and a
// change of the sealer's format would have had the script delete what it must keep for revocation.
describe('invalidate by a cache without the sealing key: set aside exactly what the sealer reads as sealed under another key', () => {
  it('sets aside real values sealed under the longest and shortest key ids, and decides every planted value as the sealer does', async () => {
    const { client } = started;
    const prefix = 'sealed-format:';
    const cipher = new TokenCipher([HELD], webCryptoRandomBytes, 'test');
    const key = (scope: string) => ({
      adapterId: 'kc|https://idp.example/token|agent',
      agentId: 'finance-agent',
      sub: 'alice',
      scope: [scope],
      audience: 'https://api.example.com/finance',
    });
    for (const id of ['k'.repeat(32), 'a']) {
      const agents = tokenCacheFor(client, {
        prefix,
        encryptionKeys: [{ id, key: new Uint8Array(32).fill(1) }],
      });
      await agents.set(key(id), tokenOf(`sealed-under-${id.length}`));
    }
    const sealed = await client.keys(`${prefix}{alice}:token:*`);
    expect(sealed).toHaveLength(2);
    const entries = new Map<string, string>();
    for (const entry of sealed) entries.set(entry, (await client.get(entry)) as string);
    for (const [name, value] of Object.entries(PLANTED)) {
      const entry = `${prefix}{alice}:token:planted-${name.replaceAll(' ', '-')}`;
      await client.set(entry, value, { PX: 300_000 });
      await client.zAdd(`${prefix}{alice}:tokens`, { score: Date.now() + 300_000, value: entry });
      entries.set(entry, value);
    }
    const webApp = tokenCacheFor(client, { prefix, encryptionKeys: [HELD] });
    await webApp.invalidate('alice');

    const asideKeys = await client.zRange(`${prefix}{alice}:set-aside`, 0, -1);
    const decided: Record<string, string> = {};
    const bySealer: Record<string, string> = {};
    for (const [entry, value] of entries) {
      const setAside = asideKeys.some((aside) => aside.startsWith(`${entry}:aside:`));
      decided[entry] = setAside ? 'set aside' : 'deleted';
      const opened = await cipher.open(value, entry);
      bySealer[entry] =
        'problem' in opened && opened.problem === 'unknown_key' ? 'set aside' : 'deleted';
      expect(await client.exists(entry)).toBe(0);
    }
    expect(decided).toEqual(bySealer);
    for (const entry of sealed) expect(decided[entry]).toBe('set aside');
    expect(decided[`${prefix}{alice}:token:planted-well-formed`]).toBe('set aside');
    expect(decided[`${prefix}{alice}:token:planted-another-version`]).toBe('deleted');
  });
});
