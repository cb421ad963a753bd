import { describe, expect, it } from 'vitest';
import { createAdapter } from './create-adapter.js';

type Loose = (...args: unknown[]) => Promise<unknown>;
const call = (...args: unknown[]) =>
  (createAdapter as unknown as Loose)(...args).then(
    () => {
      throw new Error('expected a rejection');
    },
    (error: unknown) => error as Error,
  );

// wave32/newuser: `createAdapter('keycloak')` (Python's `adapters[vendor]`) and
// `createAdapter({ plugins })` (the options first) both said only "config must be a vendor config
// (vendor, tokenUrl, clientId: strings)", which names neither what was wrong nor the call to write.
describe('createAdapter called the way a newcomer guesses', () => {
  it('refuses a vendor name as the first argument, showing createAdapter(undefined, { plugins })', async () => {
    for (const args of [['keycloak'], ['keycloak', {}]]) {
      const error = await call(...args);
      expect(error).toBeInstanceOf(TypeError);
      expect(error.message).toBe(
        "createAdapter takes a vendor config and an options object, not Python's positional arguments (got a string): createAdapter(undefined, { plugins: [adapterPlugin] }), which reads DUAL_AUTH_VENDOR, or createAdapter(await getConfig({ vendor, plugins }))",
      );
    }
  });

  it('refuses the options given first, saying they go second', async () => {
    const error = await call({ plugins: [] });
    expect(error).toBeInstanceOf(TypeError);
    expect(error.message).toBe(
      'createAdapter: config must be a vendor config (vendor, tokenUrl, clientId: strings) from getConfig, or undefined; the options go second: createAdapter(undefined, { plugins: [adapterPlugin] })',
    );
  });

  it('never echoes what was given', async () => {
    const error = await call('super-secret-value');
    expect(error.message).not.toContain('super-secret-value');
  });
});
