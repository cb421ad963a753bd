import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  humanIdForLogging,
  loggableId,
  prepareHumanIdForLogging,
  UNDIGESTED_HUMAN_ID,
} from './human-id-for-logging.js';
import { readsAsEmail } from './reads-as-email.js';

const digested = (logged: string | undefined) =>
  logged !== undefined && (logged.startsWith('sha256:') || logged === UNDIGESTED_HUMAN_ID);

describe('readsAsEmail, the one predicate of every place that digests an id', () => {
  it('reads an email however it is cased, padded, quoted, dotted or disguised', () => {
    for (const id of [
      'alice@example.com ',
      'ALICE@EXAMPLE.COM',
      '"a b"@x.y',
      'a@b',
      'alice\uFF20example.com',
      'alice\uFE6Bexample.com',
      'alice%40example.com',
      'alice%2540example.com',
    ]) {
      expect(readsAsEmail(id), id).toBe(true);
      expect(loggableId(id), id).toMatch(/^sha256:/);
      expect(digested(humanIdForLogging({ sub: id })), id).toBe(true);
      expect(loggableId(id)).not.toContain('alice');
    }
  });

  it('leaves an id without one as it is', () => {
    for (const id of ['00000000-0000-0000-0000-00000000a11c', 'user-123', 'auth0|abc', '']) {
      expect(readsAsEmail(id), id).toBe(false);
      expect(loggableId(id)).toBe(id);
    }
  });

  it('is what humanIdForLogging, loggableId and prepareHumanIdForLogging all decide by', () => {
    const at = fc.constantFrom('@', '%40', '%2540', '\uFF20', '\uFE6B', ' ', 'A', '.', '"');
    const id = fc.oneof(
      fc.string(),
      fc.uuid(),
      fc.array(fc.oneof(at, fc.string({ maxLength: 3 })), { maxLength: 8 }).map((p) => p.join('')),
    );
    fc.assert(
      fc.property(id, (value) => {
        const email = readsAsEmail(value);
        expect(loggableId(value) !== value || value.startsWith('sha256:')).toBe(email);
        expect(digested(humanIdForLogging({ sub: value })) || value.startsWith('sha256:')).toBe(
          value === '' ? false : email,
        );
        // On Node nothing is left to prepare: the digest is synchronous.
        expect(prepareHumanIdForLogging({ sub: value })).toBeUndefined();
      }),
      { numRuns: 500 },
    );
  });
});
