// Every function and class of testing's entries, called with a wrong first or second argument
// (`sweepExports`): whatever it throws or rejects with is never a crash from inside, and an error
// class refuses under its own name.
import { describe, expect, it } from 'vitest';
import { sweepExports } from '../../core/test/export-sweep.js';
import { itRefusesByName } from '../../core/test/refuses-by-name.js';
import * as conformance from './conformance/index.js';
import * as emulators from './emulators/index.js';
import * as testing from './index.js';

// The conformance runners are swept too: each refuses a wrong argument before it registers a
// suite (session 37: they were left out).
// Called only with 42 and 'x': with no options or {} each starts a server or a process.
const refusedOnly = new Set([
  'testing.startHttpsServer',
  'testing.startLocalIdp',
  'testing.startPlainHttpServer',
  'testing.startRedisCluster',
  'testing.startRedisServer',
  'testing.startTokenEndpointStub',
  'emulators.startAwsSecretsManagerEmulator',
  'emulators.startAzureKeyVaultEmulator',
  'emulators.startGcpSecretManagerEmulator',
  'emulators.startVaultEmulator',
]);

describe("testing's exports never crash inside on a wrong argument", () => {
  it('every function and class of every entry', async () => {
    expect(await sweepExports({ testing, emulators, conformance }, { refusedOnly })).toEqual([]);
  }, 60_000);

  itRefusesByName(
    [
      [
        'guideHumans()',
        () => testing.guideHumans(undefined as never),
        /^ids must be an object, got undefined$/,
      ],
      [
        'intersectScopes([], 42)',
        () => testing.intersectScopes([], 42 as never),
        /^requested must be an array of strings$/,
      ],
      [
        'resolveProfileOptions("okta")',
        () => testing.resolveProfileOptions('okta', undefined as never, {}),
        /^options must be an object, got undefined$/,
      ],
      [
        'rfc8693TokenClaims({})',
        () => testing.rfc8693TokenClaims({} as never),
        /^input.subject must be an object, got undefined$/,
      ],
      [
        'misconfigureProfile({}, {})',
        () => testing.misconfigureProfile({} as never, {}),
        /^profile must be a LocalIdpProfile/,
      ],
      [
        'agentOf({})',
        () => testing.agentOf({} as never),
        /^idp must be the LocalIdp startLocalIdp resolves to$/,
      ],
      ['crc32c("x")', () => emulators.crc32c('x' as never), /^bytes must be a Uint8Array$/],
      [
        'kebabCaseReferenceSecrets()',
        () => emulators.kebabCaseReferenceSecrets(undefined as never),
        /^values must be an object, got undefined$/,
      ],
      [
        'referenceConfig(values, "okta")',
        () => emulators.referenceConfig(emulators.referenceSecrets(), 'okta' as never),
        /^vendor must be 'keycloak' or 'entraid'$/,
      ],
      [
        'settingRefusal(42)',
        () => conformance.settingRefusal(42 as never, {} as never),
        /^construct must be a function, got number$/,
      ],
    ],
    [
      [
        'introspectToken({}, "t")',
        () => testing.introspectToken({} as never, 't'),
        /^idp must be the LocalIdp startLocalIdp resolves to$/,
      ],
      [
        'postToken({})',
        () => testing.postToken({} as never, {}),
        /^idp must be the LocalIdp startLocalIdp resolves to$/,
      ],
      [
        'clientAssertion()',
        () => testing.clientAssertion(undefined as never, { aud: 'x' }),
        /^agent must be an object, got undefined$/,
      ],
      [
        'loadPluginExport({})',
        () => testing.loadPluginExport({} as never),
        /^query.name must be a string, got undefined$/,
      ],
      [
        'ignoredSettingWarnings()',
        () => conformance.ignoredSettingWarnings(undefined as never, {}, {}),
        /^plugin must be an object, got undefined$/,
      ],
      [
        'secretsBackendFailure(42)',
        () => conformance.secretsBackendFailure(42 as never),
        /^promise must be a Promise/,
      ],
    ],
  );
});
