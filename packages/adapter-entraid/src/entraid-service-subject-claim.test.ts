import { describe, expect, it } from 'vitest';
import { entraServiceSubjectClaim } from './entraid-service-subject-claim.js';

describe('entraServiceSubjectClaim: which Entra tokens name no user', () => {
  it('names idtyp app, or a token without scp (app-only, the optional idtyp absent)', () => {
    expect(entraServiceSubjectClaim({ idtyp: 'app', scp: 'access_as_user' })).toBe('idtyp');
    expect(entraServiceSubjectClaim({ roles: ['FinanceAgent'], xms_act_fct: '11' })).toBe('scp');
  });

  it('passes a user’s on-behalf-of token', () => {
    expect(entraServiceSubjectClaim({ idtyp: 'user', scp: 'access_as_user' })).toBeUndefined();
    expect(entraServiceSubjectClaim({ scp: 'access_as_user' })).toBeUndefined();
  });
});
