import { describe, expect, it } from 'vitest';
import * as core from '../index.js';
import { InMemoryDelegationCutoffStore } from '../stores/in-memory-delegation-cutoff-store.js';
import { cutoffIdsOf } from './delegation-cutoff-store.js';

// A cut-off `endDelegation` recorded under the human's ids was read only under the exact spelling
// the credential carries: where the agent writes the human's id (a legacy `act`, Entra's bound act
// assertion) in another case, an IdP that names one account by every case of its id (Entra UPNs)
// still resolved the human, and the cut-off was missed. The writer records each id folded too;
// a reader whose IdP ignores case reads the folded id as well.
const CUTOFF_MS = 1_700_000_000_400;
const ISSUED_BEFORE = 1_699_999_000;

async function storeWithAlicesCutoff(): Promise<InMemoryDelegationCutoffStore> {
  const store = new InMemoryDelegationCutoffStore({ clock: { now: () => CUTOFF_MS } });
  // As endDelegation records her session's act.
  for (const id of cutoffIdsOf({ sub: 'Alice@Contoso.com', oid: 'a11ce-oid' }, true)) {
    await store.endDelegation(id, CUTOFF_MS, 60_000);
  }
  return store;
}

describe('cutoffIdsOf with ignoreCase', () => {
  it('adds each id case-folded, after the exact ones and only where it differs', () => {
    expect(cutoffIdsOf({ sub: 'Alice@Contoso.com', oid: 'a11ce-oid' }, true)).toEqual([
      'Alice@Contoso.com',
      'a11ce-oid',
      'alice@contoso.com',
    ]);
    expect(cutoffIdsOf({ sub: 'alice@contoso.com' }, true)).toEqual(['alice@contoso.com']);
  });

  it('folds fully: ß and SS, the Kelvin sign and K, name one key', () => {
    expect(cutoffIdsOf({ sub: 'STRASSE' }, true)).toEqual(['STRASSE', 'strasse']);
    expect(cutoffIdsOf({ sub: 'straße' }, true)).toEqual(['straße', 'strasse']);
    expect(cutoffIdsOf({ sub: '\u212Aelvin' }, true)).toEqual(['\u212Aelvin', 'kelvin']);
  });

  // Review (session 37): upper-then-lower case folded the capital sharp s (U+1E9E) to `ß`, while
  // `ß`, `SS` and `ss` fold to `ss`: a cut-off recorded for `STRAẞE` was missed by `STRASSE`.
  it('folds every case variant of an id to one key, the capital sharp s too', () => {
    const fold = (sub: string) => cutoffIdsOf({ sub }, true).at(-1);
    for (const variant of ['STRA\u1E9EE', 'straße', 'STRASSE', 'strasse', 'Straße']) {
      expect(fold(variant)).toBe('strasse');
    }
  });

  it('folds to a fixed point: the folded id folds to itself, for every code point', () => {
    for (let codePoint = 0; codePoint <= 0x10ffff; codePoint += 1) {
      if (codePoint >= 0xd800 && codePoint <= 0xdfff) continue;
      const folded = cutoffIdsOf({ sub: String.fromCodePoint(codePoint) }, true).at(-1) as string;
      if (cutoffIdsOf({ sub: folded }, true).at(-1) !== folded) {
        throw new Error(`U+${codePoint.toString(16)} folds to an id that folds further`);
      }
    }
  });

  it('is exact without ignoreCase', () => {
    expect(cutoffIdsOf({ sub: 'Alice@Contoso.com' })).toEqual(['Alice@Contoso.com']);
    expect(core.cutoffIdsOf({ sub: 'Alice@Contoso.com' }, false)).toEqual(['Alice@Contoso.com']);
    expect(core.cutoffIdsOf({ sub: 'Alice@Contoso.com' }, true)).toEqual([
      'Alice@Contoso.com',
      'alice@contoso.com',
    ]);
  });
});

describe('delegationCutoffVerdict with humanIdsIgnoreCase', () => {
  const verdictFor = async (sub: string, humanIdsIgnoreCase?: boolean) =>
    core.delegationCutoffVerdict({
      store: await storeWithAlicesCutoff(),
      human: { sub },
      humanIdsIgnoreCase,
      iatSeconds: ISSUED_BEFORE,
    });

  it("finds the cut-off of alice's session under her UPN in another case", async () => {
    expect(await verdictFor('ALICE@CONTOSO.COM', true)).toEqual({
      state: 'ended',
      cutoffMs: CUTOFF_MS,
    });
  });

  it('reads the ids exactly without it (an IdP whose ids are case-sensitive)', async () => {
    expect(await verdictFor('ALICE@CONTOSO.COM')).toEqual({ state: 'open', cutoffMs: undefined });
  });

  it("leaves another human's credentials alone, in any case", async () => {
    expect(await verdictFor('BOB@CONTOSO.COM', true)).toEqual({
      state: 'open',
      cutoffMs: undefined,
    });
  });
});
