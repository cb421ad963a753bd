import { randomUUID } from 'node:crypto';
import type { LocalIdp } from '@dual-auth/testing';

/** A third human with FinanceUser, whose delegations go on when alice's end. */
export const OTHER_HUMAN = 'carol';

/** An id for `carol` shaped like alice's: `carol@<domain>` for a UPN, `<prefix>|<uuid>` for Auth0. */
function otherHumanId(aliceSub: string | undefined): string {
  const at = aliceSub?.indexOf('@') ?? -1;
  if (aliceSub !== undefined && at !== -1) return `${OTHER_HUMAN}${aliceSub.slice(at)}`;
  const bar = aliceSub?.indexOf('|') ?? -1;
  return `${aliceSub?.slice(0, bar + 1) ?? ''}${randomUUID()}`;
}

/** Adds `carol` (FinanceUser) beside the vendor's alice and bob, with an `oid` where alice has one. */
export function addOtherHuman(idp: LocalIdp): void {
  const alice = [...idp.humans.values()].find((human) => human.username === 'alice');
  idp.addHuman({
    sub: otherHumanId(alice?.sub),
    username: OTHER_HUMAN,
    roles: ['FinanceUser'],
    ...(alice?.oid === undefined ? {} : { oid: randomUUID() }),
  });
}
