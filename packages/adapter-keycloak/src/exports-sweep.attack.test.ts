// Every function and class of adapter-keycloak's entries, called with a wrong first or second argument
// (`sweepExports`): whatever it throws or rejects with is never a crash from inside, and an error
// class refuses under its own name.
import { describe, expect, it } from 'vitest';
import { sweepExports } from '../../core/test/export-sweep.js';
import * as doctor from './doctor.js';
import * as adapter from './index.js';
import * as testing from './testing/index.js';

describe("adapter-keycloak's exports never crash inside on a wrong argument", () => {
  it('every function and class of every entry', async () => {
    expect(await sweepExports({ adapter, doctor, testing })).toEqual([]);
  }, 60_000);

  it('keycloakAudienceFromTokenUrl names a token URL that is not a string', () => {
    expect(() =>
      adapter.keycloakAudienceFromTokenUrl(new URL('https://kc.example') as never),
    ).toThrow(/^tokenUrl must be a string, got object$/);
  });
});
