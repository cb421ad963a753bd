import { settingRefusal } from '@dual-auth/testing/conformance';
import { describe, it } from 'vitest';
import { GcpSecretsBackend, type GcpSecretsBackendOptions } from './gcp-secrets-backend.js';

// Settings come from options or from DUAL_AUTH_GCP_* variables.
// An invisible character in a setting would be sent to the store as is and look right when
// printed: refused like core's identifiers, naming the setting and the code point, not the value.
const MARK = 'zq7';

const cases: [string, GcpSecretsBackendOptions, string, string][] = [
  ['projectId', { projectId: `my-project\u200B${MARK}` }, 'projectId', 'U+200B'],
  [
    'DUAL_AUTH_GCP_PROJECT',
    { env: { DUAL_AUTH_GCP_PROJECT: `my-${MARK}\u0007project` } },
    'DUAL_AUTH_GCP_PROJECT',
    'U+0007',
  ],
  ['secretPrefix', { projectId: 'p', secretPrefix: `app-\uFEFF${MARK}` }, 'secretPrefix', 'U+FEFF'],
  [
    'DUAL_AUTH_GCP_SECRET_PREFIX',
    { projectId: 'p', env: { DUAL_AUTH_GCP_SECRET_PREFIX: `app-${MARK}\u2028-` } },
    'DUAL_AUTH_GCP_SECRET_PREFIX',
    'U+2028',
  ],
];

describe('GcpSecretsBackend settings with invisible characters', () => {
  it.each(cases)('refuses %s, naming it and the code point only', (_, options, name, codePoint) => {
    settingRefusal(() => new GcpSecretsBackend({ ...options, env: { ...options.env } }), {
      name,
      codePoint,
      hidden: MARK,
    });
  });
});
