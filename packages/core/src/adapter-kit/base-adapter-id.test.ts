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

// Mend (Session 21, mend21): the id was its settings joined by spaces (U+001F since Session 24), and `adapterIdWithoutKey`
// takes off a last ` dpop:<id>`. A client id or audience ending so was read as a DPoP key part:
// client `agent dpop:x` without DPoP listed (`tokensOf`) as client `agent`, and had the id of
// client `agent` proving with prover `x`. Such a setting is refused when the adapter is made.
describe('BaseAdapter id', () => {
  it('refuses a last setting (client id, audience) that reads as a DPoP key part', () => {
    for (const made of [
      () => new AudienceAdapter('dpop:x', undefined),
      () => new AudienceAdapter('agent-1', 'dpop:x'),
    ]) {
      expect(made).toThrow(ConfigurationError);
      expect(made).toThrow(/is "dpop:…", the form of the DPoP key part/);
    }
    expect(() => new AudienceAdapter('agent-1', 'dpop:x')).toThrow(
      /its audience is "dpop:…".*: use one without it/,
    );
    // Parts are joined by U+001F, so a value that only ends with ` dpop:x` is no key part.
    const spaced = new AudienceAdapter('agent-1', 'https://api.example dpop:x');
    expect(adapterIdWithoutKey(spaced.id)).toBe(spaced.id);
  });

  it('keeps every id without such a setting as it was, and its key part the only one taken off', async () => {
    const plain = new AudienceAdapter('agent-1', 'https://api.example');
    expect(plain.id).toBe(
      'okta\u001Fhttps://idp.example/token\u001Fagent-1\u001Fhttps://api.example',
    );
    const prover = createDpopProver({ keyPair: await generateKeyPair('ES256') });
    const bound = new AudienceAdapter('agent-1', 'https://api.example', { dpop: { prover } });
    expect(adapterIdWithoutKey(bound.id)).toBe(plain.id);
    // `dpop:` inside a setting, not ending the id, reads as no key part: kept.
    expect(new AudienceAdapter('dpop:x', 'https://api.example').id).toBe(
      'okta\u001Fhttps://idp.example/token\u001Fdpop:x\u001Fhttps://api.example',
    );
  });

  // Attack (Session 24, edge): settings were joined by spaces, which a client id or audience may
  // hold, so client `agent a` for API `b` and client `agent` for API `a b` shared one id: one
  // token cache entry, and a token for one API handed out for the other.
  it('gives configs that differ only in where a space falls different ids', () => {
    const one = new AudienceAdapter('agent a', 'b');
    const other = new AudienceAdapter('agent', 'a b');
    expect(one.id).not.toBe(other.id);
    expect(one.id).toBe('okta\u001Fhttps://idp.example/token\u001Fagent a\u001Fb');
  });

  it('refuses a setting that holds the separator U+001F, naming it and never its value', () => {
    for (const made of [
      () => new AudienceAdapter('agent\u001Fb', undefined),
      () => new AudienceAdapter('agent', 'https://api.example\u001F'),
    ]) {
      expect(made).toThrow(ConfigurationError);
      expect(made).toThrow(
        /holds U\+001F, the character that separates the parts of an adapter id/,
      );
    }
    expect(() => new AudienceAdapter('agent', 'secret-api\u001Fx')).toThrow(/its audience holds/);
    expect(() => new AudienceAdapter('agent', 'secret-api\u001Fx')).not.toThrow(/secret-api/);
  });
});
