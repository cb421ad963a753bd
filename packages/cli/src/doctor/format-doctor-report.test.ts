import { describe, expect, it } from 'vitest';
import { formatDoctorReport } from './format-doctor-report.js';

describe('formatDoctorReport', () => {
  it('writes control and bidi characters of a detail (token claims) as \\uXXXX, one line per field', () => {
    const text = formatDoctorReport({
      ok: false,
      vendor: 'keycloak',
      layout: 'legacy',
      checks: [
        {
          id: 'audience',
          status: 'fail',
          detail:
            'aud is https://api\u202e\u009b31m\n\u001b[2JPASS  forged, the API expects https://api',
          fix: 'Add an audience mapper.',
          consolePath: 'Clients',
          docs: 'https://docs.example',
        },
      ],
    });
    expect(text).toBe(
      [
        'dual-auth doctor: vendor keycloak, legacy layout',
        'FAIL  audience: aud is https://api\\u202e\\u009b31m\\u000a\\u001b[2JPASS  forged, the API expects https://api',
        '      fix on the IdP: Add an audience mapper.',
        '      where: Clients',
        '      docs: https://docs.example',
        'doctor: 1 of 1 checks failed',
        '',
      ].join('\n'),
    );
  });

  it("writes getConfig's warnings under the title, before the checks", () => {
    const text = formatDoctorReport({
      ok: true,
      vendor: 'keycloak',
      layout: 'legacy',
      warnings: ['API_AUDIENCE is ignored with DUAL_AUTH_VENDOR=keycloak: use a mapper'],
      checks: [{ id: 'lifetime', status: 'pass', detail: 'exp - iat is 300 s' }],
    });
    expect(text).toBe(
      [
        'dual-auth doctor: vendor keycloak, legacy layout',
        'WARN  config: API_AUDIENCE is ignored with DUAL_AUTH_VENDOR=keycloak: use a mapper',
        'PASS  lifetime: exp - iat is 300 s',
        'doctor: all checks passed',
        '',
      ].join('\n'),
    );
  });
});
