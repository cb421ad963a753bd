import { describe, expect, it } from 'vitest';
import { fixtureAdapter } from '../../test/fixture-plugins.js';
import { polluted } from '../../test/polluted-prototype.js';
import { createJsonLogger } from '../logging/json-logger.js';
import { readPrivateKeyFile } from '../node/read-private-key-file.js';
import { getConfig } from './get-config.js';
import { refuseUnknownOptions } from './refuse-unknown-options.js';

// Upgrade (session 13): options are read as own properties everywhere. An option given by a
// prototype of the caller's own (Object.create(defaults), a class getter) was dropped without a
// word by getConfig and by every factory but the API guard; now each says so. One inherited from
// a polluted Object.prototype is still ignored, and the JSON logger and the key-file reader no
// longer read it.
describe('an option inherited from a prototype of the options own', () => {
  it('is refused by every factory that refuses unknown options', () => {
    const options = Object.assign(Object.create({ clock: {} }), { maxEntries: 5 });
    expect(() =>
      refuseUnknownOptions(options, { clock: true, maxEntries: true }, 'new Store'),
    ).toThrow(
      'new Store: clock is inherited, not an own property, so it would be ignored; copy it in ({ ...defaults, clock })',
    );
  });

  it('is refused by getConfig before any secret is read', async () => {
    const env = { DUAL_AUTH_VENDOR: 'keycloak' };
    const options = Object.assign(Object.create({ env }), {
      plugins: [fixtureAdapter('keycloak')],
    });
    await expect(getConfig(options)).rejects.toThrow(
      'getConfig: env is inherited, not an own property, so it would be ignored',
    );
  });
});

describe('an option inherited from a polluted Object.prototype', () => {
  it('adds no field to the JSON logger lines', async () => {
    const lines: string[] = [];
    await polluted({ base: { leaked: 'from-the-prototype' } }, () => {
      createJsonLogger({ write: (line) => lines.push(line) }).info('started');
    });
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).not.toHaveProperty('leaked');
  });

  it('does not rename the variable the key-file reader names', async () => {
    const error = await polluted({ variable: 'POLLUTED_NAME' }, () =>
      readPrivateKeyFile('/nonexistent/dual-auth/app.pem').catch((e: unknown) => e),
    );
    expect(String(error)).toContain('APP_PRIVATE_KEY_PATH file does not exist');
    expect(String(error)).not.toContain('POLLUTED_NAME');
  });
});
