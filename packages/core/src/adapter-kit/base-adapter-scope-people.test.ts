import { afterEach, describe, expect, it } from 'vitest';
import { recordingLogger, startTokenServer, type TokenServer } from '../../test/token-server.js';
import type { AdapterOptions } from './adapter-options.js';
import type { VendorProfile } from './base-adapter.js';
import { BaseAdapter } from './base-adapter.js';
import type { FormFields } from './encode-form.js';

const PROFILE: VendorProfile = {
  vendor: 'okta',
  label: 'Okta',
  defaultExpiresInSeconds: 3600,
  messages: { byStatus: {}, other: ({ status }) => `Okta error (${status})` },
};

class TestAdapter extends BaseAdapter {
  constructor(tokenUrl: string, options: AdapterOptions) {
    super({ tokenUrl, clientId: 'agent-1', clientSecret: 's' }, options, {
      profile: PROFILE,
      audience: undefined,
      details: {},
    });
  }

  protected async buildForm(): Promise<FormFields> {
    return [['grant_type', 'client_credentials']];
  }
}

let server: TokenServer | undefined;
afterEach(() => server?.close());

async function adapterAnswering(body: object, options: AdapterOptions = {}) {
  server = await startTokenServer([{ body }]);
  const { logger, events } = recordingLogger();
  const adapter = new TestAdapter(server.url, {
    logger,
    allowInsecureLoopback: true,
    retry: false,
    ...options,
  });
  return { adapter, events };
}

describe('BaseAdapter: per-user scope names never log the human', () => {
  it('blanks the email and login in the debug, narrowed and widened scope logs', async () => {
    const { adapter, events } = await adapterAnswering({
      access_token: 'AT',
      scope: 'finance.read aliddell',
    });
    const token = await adapter.requestToken({
      agentId: 'agent-1',
      act: { sub: '00u7q2w9', preferred_username: 'aliddell' },
      scope: ['finance.read', 'mail:alice.liddell@corp.example', 'files:aliddell'],
    });
    const logged = JSON.stringify(events);
    expect(logged).not.toMatch(/alice|liddell/i);
    expect(String(token)).not.toMatch(/alice|liddell/i);
  });
});
