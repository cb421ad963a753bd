import { generateKeyPair } from 'jose';
import { describe, expect, it } from 'vitest';
import { PROFILE } from '../../test/base-adapter-fixture.js';
import { adapterIdWithoutKey } from '../contracts/adapter-id.js';
import { createDpopProver } from '../dpop/dpop-prover.js';
import { ConfigurationError } from '../errors/configuration-error.js';
import type { AdapterOptions } from './adapter-options.js';
import { BaseAdapter } from './base-adapter.js';
import type { FormFields } from './encode-form.js';

/** An adapter of client `clientId` for the API `audience`, the last part of its id. */
class AudienceAdapter extends BaseAdapter {
  constructor(clientId: string, audience: string | undefined, options: AdapterOptions = {}) {
    super({ tokenUrl: 'https://idp.example/token', clientId, clientSecret: 's' }, options, {
      profile: PROFILE,
      audience,
      details: { audience },
    });
  }

  protected async buildForm(): Promise<FormFields> {
    return [['grant_type', 'client_credentials']];
  }
}

// Mend (Session 21, mend21): the id is its settings joined by spaces, and `adapterIdWithoutKey`
// takes off a last ` dpop:<id>`. A client id or audience ending so was read as a DPoP key part:
// client `agent dpop:x` without DPoP listed (`tokensOf`) as client `agent`, and had the id of
// client `agent` proving with prover `x`. Such a setting is refused when the adapter is made.
describe('BaseAdapter id', () => {
  it('refuses a last setting (client id, audience) that reads as a DPoP key part', () => {
    for (const made of [
      () => new AudienceAdapter('agent-1 dpop:x', undefined),
      () => new AudienceAdapter('dpop:x', undefined),
      () => new AudienceAdapter('agent-1', 'https://api.example dpop:x'),
    ]) {
      expect(made).toThrow(ConfigurationError);
      expect(made).toThrow(/ends with " dpop:…", the form of the DPoP key part/);
    }
    expect(() => new AudienceAdapter('agent-1', 'dpop:x')).toThrow(
      /its audience ends with " dpop:…".*: use one without it/,
    );
  });

  it('keeps every id without such a setting as it was, and its key part the only one taken off', async () => {
    const plain = new AudienceAdapter('agent-1', 'https://api.example');
    expect(plain.id).toBe('okta https://idp.example/token agent-1 https://api.example');
    const prover = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const bound = new AudienceAdapter('agent-1', 'https://api.example', { dpop: { prover } });
    expect(adapterIdWithoutKey(bound.id)).toBe(plain.id);
    // `dpop:` inside a setting, not ending the id, reads as no key part: kept.
    expect(new AudienceAdapter('dpop:x', 'https://api.example').id).toBe(
      'okta https://idp.example/token dpop:x https://api.example',
    );
  });
});
