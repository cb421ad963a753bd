import { generateKeyPairSync } from 'node:crypto';
import { startTokenEndpointStub, type TokenEndpointStub } from '@dual-auth/testing';
import { afterAll, beforeAll } from 'vitest';
import type { EntraIdConfig } from '../src/entraid-config.js';

/** The app's RSA 2048 key pair, which signs act assertions in {@link EntraIdTestSetup.config}. */
export const APP_KEY_PAIR = generateKeyPairSync('rsa', { modulusLength: 2048 });
/** The private half of {@link APP_KEY_PAIR} as PKCS#8 PEM. */
export const PRIVATE_PEM = APP_KEY_PAIR.privateKey.export({
  type: 'pkcs8',
  format: 'pem',
}) as string;
/** The public half of {@link APP_KEY_PAIR} as SPKI PEM. */
export const PUBLIC_PEM = APP_KEY_PAIR.publicKey.export({ type: 'spki', format: 'pem' }) as string;

/** What {@link useEntraIdTestSetup} gives a test file. */
export interface EntraIdTestSetup {
  /** The token endpoint stub; read it inside tests (it starts in `beforeAll`). */
  readonly server: TokenEndpointStub;
  /** A complete config whose token URL is the stub's tenant-1 endpoint, with `fields` over it. */
  config(fields?: Partial<EntraIdConfig>): EntraIdConfig;
}

/** Starts a token endpoint stub before the file's tests and closes it after them. */
export function useEntraIdTestSetup(): EntraIdTestSetup {
  let server: TokenEndpointStub | undefined;
  beforeAll(async () => {
    server = await startTokenEndpointStub();
  });
  afterAll(() => server?.close());
  const started = () => {
    if (server === undefined) throw new Error('the token endpoint stub starts in beforeAll');
    return server;
  };
  return {
    get server() {
      return started();
    },
    config: (fields = {}) => ({
      vendor: 'entraid',
      tokenUrl: `${started().url}/tenant-1/oauth2/v2.0/token`,
      clientId: 'cid',
      clientSecret: 'sec',
      scope: 'https://api/.default',
      appId: 'https://app',
      actAudience: 'https://api',
      appPrivateKey: PRIVATE_PEM,
      ...fields,
    }),
  };
}
