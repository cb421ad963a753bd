import { describe, expect, it } from 'vitest';
import { getConfig } from './get-config.js';

type Positional = (...args: unknown[]) => Promise<unknown>;

describe("getConfig with Python's positional arguments (get_config(vendor, secrets_backend))", () => {
  it("refuses getConfig('aws') with a TypeError that shows { secretsBackend: 'aws' }", async () => {
    for (const args of [['aws'], ['local', 'aws'], [null]]) {
      const error = await (getConfig as unknown as Positional)(...args).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(TypeError);
      expect((error as Error).message).toMatch(
        /^getConfig takes one options object, not Python's positional arguments \(got (a string|null)\): getConfig\(\{ vendor, secretsBackend, plugins \}\), e\.g\. getConfig\(\{ secretsBackend: 'aws'/,
      );
    }
  });

  it("refuses an argument after the options (getConfig({ vendor }, 'aws'))", async () => {
    const error = await (getConfig as unknown as Positional)({ vendor: 'keycloak' }, 'aws').catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).toMatch(
      /^getConfig takes one options object, not Python's positional arguments \(got a string as argument 2\): getConfig\(\{ vendor, secretsBackend, plugins \}\)/,
    );
  });
});
