import { describe, expect, it } from 'vitest';
import { readsAsEmail } from './reads-as-email.js';
import { actForLogging } from './redact.js';

// An `oid` an IdP mapper filled with an email, in any of the forms readsAsEmail reads as one
// (percent-encoded, full-width or small commercial at): the adapters' token_request_* lines show
// it as its digest, never as sent.
describe('actForLogging: an email-shaped oid in any form is logged as its digest', () => {
  it.each(['alice@contoso.com', 'alice%40contoso.com', 'alice＠contoso.com', 'alice﹫contoso.com'])(
    '%s',
    (oid) => {
      expect(readsAsEmail(oid)).toBe(true);
      const fields = actForLogging({ sub: 'u-1', oid });
      expect(JSON.stringify(fields)).not.toContain('alice');
      expect(fields.oid).toMatch(/^sha256:/);
    },
  );

  it('a GUID oid is logged as it is', () => {
    const oid = '6f1c2a9e-4b7d-4e1a-9c3f-2d8b5a7e0f14';
    expect(actForLogging({ sub: 'u-1', oid }).oid).toBe(oid);
  });
});
