import { beforeAll, describe, expect, it } from 'vitest';
import { standardGuardOptions } from '../test/support/standard-idp.js';
import { createSigningKey, type SigningKey } from '../test/support/token-kit.js';
import { createDualAuthGuard } from './dual-auth-guard.js';
import { agentIn, humanIn } from './subject-checks.js';

// Review (session 39): a subject list given as `hopAllowed` typechecks (a check of the subject
// takes a hop check's state) but reads no hop: `agentIn([agent])` there passed every actor of the
// chain behind a listed agent, an untrusted earlier actor included. Only `actorIn` lists actors.

let idpKey: SigningKey;
beforeAll(async () => {
  idpKey = await createSigningKey('std-1');
});

describe('hopAllowed given a list of agents or humans', () => {
  it.each([
    ['agentIn', () => agentIn(['finance-agent'])],
    ['humanIn', () => humanIn(['user-1'])],
  ])('%s is refused when the guard is made, saying to give actorIn', (_name, list) => {
    expect(() =>
      createDualAuthGuard({ ...standardGuardOptions(idpKey), hopAllowed: list() }),
    ).toThrow(/hopAllowed.*actorIn/);
  });
});
