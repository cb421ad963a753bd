import { describe, expect, it } from 'vitest';
import { oauthDoctorAdvice } from './oauth-doctor-advice.js';

describe('oauthDoctorAdvice audience fix', () => {
  it('names both settings a delegating agent asks an audience with', () => {
    const fix = oauthDoctorAdvice.fixFor('audience', 'rfc8693')?.fix ?? '';
    // OAUTH_RESOURCE is the RFC 8707 resource parameter (an MCP server's URL); API_AUDIENCE the
    // audience parameter: a fix naming only the second leaves a token-exchange user without the first.
    expect(fix).toContain('OAUTH_RESOURCE');
    expect(fix).toContain('API_AUDIENCE');
  });

  it('names API_AUDIENCE for client credentials, where OAUTH_RESOURCE is not read', () => {
    expect(oauthDoctorAdvice.fixFor('audience', 'legacy')?.fix).toContain('API_AUDIENCE');
  });
});
