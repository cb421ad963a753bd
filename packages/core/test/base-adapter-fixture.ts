import type { AdapterOptions } from '../src/adapter-kit/adapter-options.js';
import { BaseAdapter, type VendorProfile } from '../src/adapter-kit/base-adapter.js';
import type { FormFields } from '../src/adapter-kit/encode-form.js';
import { recordingLogger, tokenServerPerTest } from './token-server.js';

/** The Okta-like vendor profile of the adapter kit's `BaseAdapter` tests. */
export const PROFILE: VendorProfile = {
  vendor: 'okta',
  label: 'Okta',
  defaultExpiresInSeconds: 3600,
  messages: { byStatus: {}, other: ({ status }) => `Okta error (${status})` },
};

/** The least `BaseAdapter`: client `agent-1` sending a bare client-credentials form. */
export class ClientCredentialsAdapter extends BaseAdapter {
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

/**
 * A harness for `BaseAdapter` tests: `answering` starts a token server giving `body` to every
 * request (closed after each test) and a {@link ClientCredentialsAdapter} on it with a recording
 * logger and no retry; `server` is the one started last.
 */
export function adapterHarness() {
  const servers = tokenServerPerTest();
  return {
    server: servers.current,
    async answering(body: object, options: AdapterOptions = {}) {
      const server = await servers.start([{ body }]);
      const { logger, events } = recordingLogger();
      const adapter = new ClientCredentialsAdapter(server.url, {
        logger,
        allowInsecureLoopback: true,
        retry: false,
        ...options,
      });
      return { adapter, events };
    },
  };
}
