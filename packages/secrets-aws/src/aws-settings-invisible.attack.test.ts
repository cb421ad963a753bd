import { settingRefusal } from '@dual-auth/testing/conformance';
import { describe, it } from 'vitest';
import { AwsSecretsBackend, type AwsSecretsBackendOptions } from './aws-secrets-backend.js';

// Settings come from options or from DUAL_AUTH_AWS_* variables.
// An invisible character in a setting would be sent to the store as is and look right when
// printed: refused like core's identifiers, naming the setting and the code point, not the value.
const MARK = 'zq7';

const cases: [string, AwsSecretsBackendOptions, string, string][] = [
  ['region', { region: `eu-west-1\u200B${MARK}` }, 'region', 'U+200B'],
  [
    'DUAL_AUTH_AWS_REGION',
    { env: { DUAL_AUTH_AWS_REGION: `eu-${MARK}\u0000west-1` } },
    'DUAL_AUTH_AWS_REGION',
    'U+0000',
  ],
  ['secretPrefix', { secretPrefix: `app\u202E${MARK}/` }, 'secretPrefix', 'U+202E'],
  [
    'DUAL_AUTH_AWS_SECRET_PREFIX',
    { env: { DUAL_AUTH_AWS_SECRET_PREFIX: `app/${MARK}\n/` } },
    'DUAL_AUTH_AWS_SECRET_PREFIX',
    'U+000A',
  ],
];

describe('AwsSecretsBackend settings with invisible characters', () => {
  it.each(cases)('refuses %s, naming it and the code point only', (_, options, name, codePoint) => {
    settingRefusal(() => new AwsSecretsBackend({ ...options, env: { ...options.env } }), {
      name,
      codePoint,
      hidden: MARK,
    });
  });
});
