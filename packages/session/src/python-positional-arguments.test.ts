import { beforeAll, describe, expect, it } from 'vitest';
import { CountingAdapter } from '../test/counting-adapter.js';
import { type TestKeyPair, testKeyPair } from '../test/keys.js';
import { AGENT_ENDPOINT, outOfSessionSetup } from '../test/out-of-session-setup.js';
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

type Method = (...args: unknown[]) => Promise<unknown>;

let app: TestKeyPair;
beforeAll(async () => {
  app = await testKeyPair('RS256');
});

async function rejectionOf(promise: Promise<unknown>): Promise<string> {
  const error = await promise.then(
    () => new Error('did not reject'),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TypeError);
  return (error as Error).message;
}

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

  it('refuses an argument after the options object, naming its place and the form', () => {
    const InSession = InSessionTokenRequest as unknown as Positional;
    const OutOfSession = OutOfSessionTokenRequest as unknown as Positional;
    const Sender = HybridSender as unknown as Positional;
    expect(messageOf(() => new InSession({ adapter }, keyPath))).toBe(
      "new InSessionTokenRequest takes one options object, not Python's positional arguments (got a string as argument 2): new InSessionTokenRequest({ adapter })",
    );
    const outOfSession = messageOf(() => new OutOfSession({ adapter, publicKey: 'x' }, keyPath));
    expect(outOfSession).toMatch(
      /^new OutOfSessionTokenRequest takes one options object, not Python's positional arguments \(got a string as argument 2\): new OutOfSessionTokenRequest\(\{ adapter, publicKey: await loadKeyFile\(appPublicKeyPath\) \}\)/,
    );
    expect(outOfSession).not.toContain(keyPath);
    expect(messageOf(() => new Sender({}, 'x'))).toMatch(
      /^new HybridSender takes one options object, not Python's positional arguments \(got a string as argument 2\): new HybridSender\(\{ privateKey/,
    );
    // An explicit undefined after the options (a wrapper passing its own optional argument) is no
    // positional argument.
    expect(new Sender({}, undefined)).toBeInstanceOf(HybridSender);
  });

  it("refuses the methods' positional forms: request_token(agent_id, act, scope) and the others", async () => {
    const inSession = new InSessionTokenRequest({ adapter: new CountingAdapter() });
    const act = { sub: 'u-1' };
    expect(
      await rejectionOf((inSession.requestToken as Method).call(inSession, 'agent', act, ['s'])),
    ).toBe(
      "requestToken takes one options object, not Python's positional arguments (got a string): requestToken({ agentId, act, scope })",
    );
    const { sender, outOfSession } = outOfSessionSetup(app);
    expect(
      await rejectionOf((outOfSession.requestToken as Method).call(outOfSession, 'agent', act, [])),
    ).toMatch(
      /^requestToken takes one options object, not Python's positional arguments \(got a string\)/,
    );
    expect(
      await rejectionOf(
        (sender.prepareOutOfSessionAct as Method).call(sender, act, AGENT_ENDPOINT, 60),
      ),
    ).toBe(
      "prepareOutOfSessionAct takes one options object, not Python's positional arguments (got a string as argument 2): prepareOutOfSessionAct({ act, agentEndpoint, ttlSeconds })",
    );
    const actJwt = await sender.prepareOutOfSessionAct({ act, agentEndpoint: AGENT_ENDPOINT });
    expect(
      await rejectionOf(
        (outOfSession.receiveAndVerifyActJwt as Method).call(outOfSession, actJwt, AGENT_ENDPOINT),
      ),
    ).toBe(
      "receiveAndVerifyActJwt takes the act JWT and one options object, not Python's positional arguments (got a string as argument 2): receiveAndVerifyActJwt(actJwt, { expectedAudience })",
    );
    // Refused before verifying: the act JWT is not spent.
    expect(await outOfSession.receiveAndVerifyActJwt(actJwt)).toEqual(act);
  });
});
