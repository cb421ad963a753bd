import { describe, expect, it } from 'vitest';
import { admittedCredential } from './admitted-credential.js';

// Mend (Session 16, mend16): requireDualAuth and dualAuthMcpHandler each stripped the scheme from
// the Authorization header the guard admitted, with two regexes; one helper reads it for both.

describe('admittedCredential', () => {
  it.each([
    ['Bearer eyJ.a.b', { scheme: 'Bearer', token: 'eyJ.a.b' }],
    ['bearer   tok_en-1~+/==  ', { scheme: 'Bearer', token: 'tok_en-1~+/==' }],
    ['DPoP eyJ.a.b', { scheme: 'DPoP', token: 'eyJ.a.b' }],
    ['dpop  eyJ.a.b ', { scheme: 'DPoP', token: 'eyJ.a.b' }],
  ])('reads %j as the guard admits it', (header, credential) => {
    expect(admittedCredential(header)).toEqual(credential);
  });

  it.each([undefined, null, '', 'Basic dXNlcg==', 'Bearer', 'Bearer a b', 'DPoPeyJ.a.b'])(
    'reads no credential from %j',
    (header) => {
      expect(admittedCredential(header)).toBeUndefined();
    },
  );
});
