import { inspect } from 'node:util';
import { prepareHumanIdForLogging } from '@dual-auth/core';
import { afterEach, expect, it, vi } from 'vitest';
import { webCryptoDigest } from '../../core/test/web-crypto-digest.js';
import { createDualSubject } from './dual-subject.js';

function subjectOf(human: { sub: string; oid?: string }) {
  return createDualSubject({
    vendor: 'entraid',
    layout: 'rfc8693',
    agent: { id: 'finance-agent', roles: [], scopes: ['finance.read'], raw: {} },
    human: { ...human, raw: { ...human } },
    chain: [{ id: 'finance-agent', raw: { sub: 'finance-agent' } }],
  });
}

afterEach(() => {
  vi.unstubAllGlobals();
});

// Attack: an IdP mapper that puts the email in `oid` (the audit record digests it as human_oid)
// had a DualSubject logged whole show it as it is: `{"human":{"sub":…,"oid":"jane@corp.example"}}`.
it.each([
  ['on Node', false],
  ['off Node, after the verification prepared the human', true],
])('%s, a whole DualSubject shows an email-shaped oid as its digest', async (_, offNode) => {
  const expected = await webCryptoDigest('jane@corp.example');
  const subject = subjectOf({ sub: 'pairwise-sub', oid: 'jane@corp.example' });
  if (offNode) {
    vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
    // What verifyDualSubject does with the human it verified.
    await prepareHumanIdForLogging(subject.human);
  }
  for (const shown of [
    JSON.stringify(subject),
    JSON.stringify(subject.human),
    inspect(subject, { depth: 8 }),
    inspect(subject.human),
  ]) {
    expect(shown).not.toContain('jane');
    expect(shown).toContain(expected);
  }
  expect(JSON.parse(JSON.stringify(subject.human))).toMatchObject({
    sub: 'pairwise-sub',
    oid: expected,
  });
  expect(subject.human.oid).toBe('jane@corp.example');
});

// Off Node the human's JSON form wrote an email-shaped sub `sha256:unavailable` although the
// verification had prepared its digest on that very object.
it('off Node, a whole DualSubject shows an email-shaped sub by the digest its verification prepared', async () => {
  const expected = await webCryptoDigest('alice@corp.example');
  const subject = subjectOf({ sub: 'alice@corp.example' });
  vi.stubGlobal('navigator', { userAgent: 'Cloudflare-Workers' });
  await prepareHumanIdForLogging(subject.human);
  expect(JSON.parse(JSON.stringify(subject)).human.sub).toBe(expected);
  expect(inspect(subject.human)).toContain(expected);
});
