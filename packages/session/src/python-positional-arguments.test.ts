import { describe, expect, it } from 'vitest';
import { HybridSender } from './hybrid-sender.js';
import { InSessionTokenRequest } from './in-session-token-request.js';
import { OutOfSessionTokenRequest } from './out-of-session-token-request.js';

// What users of the Python library type: `InSessionTokenRequest(adapter)`,
// `OutOfSessionTokenRequest(adapter, app_public_key_path)`, `HybridSender(private_key_pem)`.
const adapter = {
  specificationVersion: 'v1',
  vendor: 'local',
  id: 'local:agent',
  requestToken: async () => {
    throw new Error('not called');
  },
};
const keyPath = '/etc/keys/secret-app-key.pem';
type Positional = new (...args: unknown[]) => unknown;

function messageOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    return (error as Error).message;
  }
  throw new Error('did not throw');
}

describe("Python's positional arguments", () => {
  it('InSessionTokenRequest(adapter) shows { adapter }', () => {
    const Request = InSessionTokenRequest as unknown as Positional;
    expect(messageOf(() => new Request(adapter))).toBe(
      "new InSessionTokenRequest takes one options object, not Python's positional arguments (got an adapter): new InSessionTokenRequest({ adapter })",
    );
  });

  it('OutOfSessionTokenRequest(adapter, path) shows { adapter, publicKey } and loadKeyFile', () => {
    const Request = OutOfSessionTokenRequest as unknown as Positional;
    for (const args of [[adapter, keyPath], [adapter]]) {
      const message = messageOf(() => new Request(...args));
      expect(message).toMatch(
        /^new OutOfSessionTokenRequest takes one options object, not Python's positional arguments \(got an adapter\): new OutOfSessionTokenRequest\(\{ adapter, publicKey: await loadKeyFile\(appPublicKeyPath\) \}\), loadKeyFile from '@dual-auth\/session\/node'/,
      );
      expect(message).not.toContain(keyPath);
    }
  });

  it('HybridSender(path) and HybridSender(null) show { privateKey } without the path', () => {
    const Sender = HybridSender as unknown as Positional;
    for (const [given, kind] of [
      [keyPath, 'a string'],
      [null, 'null'],
    ] as const) {
      const message = messageOf(() => new Sender(given));
      expect(message).toMatch(
        `new HybridSender takes one options object, not Python's positional arguments (got ${kind}): new HybridSender({ privateKey: await loadKeyFile(privateKeyPemPath) })`,
      );
      expect(message).not.toContain(keyPath);
    }
    expect(new HybridSender()).toBeInstanceOf(HybridSender);
  });
});
