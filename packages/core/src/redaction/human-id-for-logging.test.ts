import { afterEach, describe, expect, it, vi } from 'vitest';
import { onRuntime } from '../../test/on-runtime.js';
import { createAuditEvent } from '../audit/audit-event.js';
import {
  humanIdForLogging,
  loggableId,
  prepareHumanIdForLogging,
  UNDIGESTED_HUMAN_ID,
} from './human-id-for-logging.js';
import { actForLogging } from './redact.js';

const UPN = 'alice@contoso.example';
const OID = '00000000-0000-0000-0000-0000000a11ce';

/** `sha256:` and the hex of the first 16 bytes of Web Crypto's SHA-256 of `id`. */
async function webCryptoDigest(id: string): Promise<string> {
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(id));
  const hex = Array.from(new Uint8Array(digest, 0, 16), (b) => b.toString(16).padStart(2, '0'));
  return `sha256:${hex.join('')}`;
}

/** Runs `body` on a runtime that, as Cloudflare Workers do, has no Node `node:crypto`. */
function onWorkers<T>(body: () => T): T {
  return onRuntime('Cloudflare-Workers', body);
}

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('humanIdForLogging', () => {
  it('names a human with an Entra object id by the oid, never the UPN', () => {
    expect(humanIdForLogging({ sub: UPN, oid: OID })).toBe(OID);
  });

  it('names a human without an oid by a digest when the id looks like an email', async () => {
    const alice = { sub: UPN };
    const bob = { sub: 'bob@contoso.example' };
    await prepareHumanIdForLogging(alice);
    await prepareHumanIdForLogging(bob);
    const id = humanIdForLogging(alice);
    expect(id).toMatch(/^sha256:[0-9a-f]{32}$/);
    expect(id).not.toContain('alice');
    // The same human, the same digest: log lines still correlate.
    expect(humanIdForLogging(alice)).toBe(id);
    expect(humanIdForLogging(bob)).not.toBe(id);
  });

  it.each([
    '@',
    'alice@contoso.example',
    // 55, 56 and 64 bytes: SHA-256's padding edge cases, one block or two.
    `${'a'.repeat(54)}@`,
    `${'a'.repeat(55)}@`,
    `${'a'.repeat(63)}@`,
    'ünïcödé@例え.jp'.repeat(9),
  ])('digests %j as Web Crypto’s SHA-256 does, cut to 16 bytes', async (sub) => {
    const human = { sub };
    await prepareHumanIdForLogging(human);
    expect(humanIdForLogging(human)).toBe(await webCryptoDigest(sub));
  });

  it('keeps an IAM id that is no email as it is', () => {
    expect(humanIdForLogging({ sub: '00u-alice' })).toBe('00u-alice');
    expect(humanIdForLogging({ sub: 'user-123', oid: '' })).toBe('user-123');
    expect(humanIdForLogging(undefined)).toBeUndefined();
    expect(prepareHumanIdForLogging({ sub: '00u-alice' })).toBeUndefined();
  });
});

describe('humanIdForLogging on a runtime without node:crypto', () => {
  it('writes a placeholder, never the email, for a human no async step prepared', () => {
    onWorkers(() => {
      expect(humanIdForLogging({ sub: UPN })).toBe(UNDIGESTED_HUMAN_ID);
      expect(humanIdForLogging({ sub: 'bob', oid: UPN })).toBe(UNDIGESTED_HUMAN_ID);
      expect(loggableId(UPN)).toBe(UNDIGESTED_HUMAN_ID);
      expect(humanIdForLogging({ sub: 'user-123' })).toBe('user-123');
    });
  });

  it('writes the digest prepared by Web Crypto on the same object, and only there', async () => {
    const alice = { sub: UPN };
    const expected = await webCryptoDigest(UPN);
    const preparing = onWorkers(() => prepareHumanIdForLogging(alice));
    expect(preparing).toBeInstanceOf(Promise);
    await preparing;
    onWorkers(() => {
      expect(humanIdForLogging(alice)).toBe(expected);
      expect(prepareHumanIdForLogging(alice)).toBeUndefined();
      // Kept with the object, never looked up by the email: another object holding it has none.
      expect(humanIdForLogging({ sub: UPN })).toBe(UNDIGESTED_HUMAN_ID);
    });
  });

  it('never writes a digest prepared for another id of a changed object', async () => {
    const human: { sub: string } = { sub: UPN };
    await onWorkers(() => prepareHumanIdForLogging(human));
    human.sub = 'bob@contoso.example';
    onWorkers(() => expect(humanIdForLogging(human)).toBe(UNDIGESTED_HUMAN_ID));
  });
});

describe('where core names a human', () => {
  it('logs the act of a token request without its UPN', () => {
    expect(actForLogging({ sub: UPN, oid: OID })).toMatchObject({ human_id: OID, oid: OID });
    expect(JSON.stringify(actForLogging({ sub: UPN }))).not.toContain('@');
  });

  it('writes no email as the audit record human_id', async () => {
    const withOid = createAuditEvent({
      source: 'resource',
      decision: 'ALLOW',
      reason: 'authorized',
      human_id: UPN,
      human_oid: OID,
    });
    expect(withOid).toMatchObject({ human_id: OID, human_oid: OID });
    const withoutOid = createAuditEvent({
      source: 'client',
      decision: 'ALLOW',
      reason: 'authorized',
      human_id: UPN,
    });
    // On Node the digest itself (test/human-id-node-digest.test.ts checks its value).
    expect(withoutOid.human_id).toMatch(/^sha256:/);
    expect(withoutOid.human_id).not.toContain('alice');
    const onWorkersRecord = onWorkers(() =>
      createAuditEvent({
        source: 'client',
        decision: 'ALLOW',
        reason: 'authorized',
        human_id: UPN,
      }),
    );
    expect(onWorkersRecord.human_id).toBe(UNDIGESTED_HUMAN_ID);
  });
});
