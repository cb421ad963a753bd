import { refusePositionalArguments } from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { expectArgumentAfterOptionsRefused } from './arguments-after-options.js';

const secret = 'conformance-secret-0123456789';

/** A token request that takes what it is given, as a third-party adapter may. */
function lenientRequestToken(_request: object, ..._rest: unknown[]): Promise<string> {
  return Promise.resolve('token');
}

/** One that follows core's rule. */
function strictRequestToken(_request: object, ..._rest: unknown[]): Promise<string> {
  try {
    // biome-ignore lint/complexity/noArguments: the arguments as given, as adapters pass them
    refusePositionalArguments(arguments, {
      call: 'requestToken',
      example: '{ agentId, act, scope }',
    });
  } catch (error) {
    return Promise.reject(error);
  }
  return Promise.resolve('token');
}

describe('expectArgumentAfterOptionsRefused', () => {
  it("passes core's refusal of an argument after the options object", async () => {
    await expectArgumentAfterOptionsRefused(
      "requestToken(request, 'x')",
      2,
      () => strictRequestToken({}, secret),
      [secret],
    );
  });

  it('fails an adapter that accepts it, saying which core helper refuses it', async () => {
    const failure = await expectArgumentAfterOptionsRefused(
      "requestToken(request, 'x')",
      2,
      () => lenientRequestToken({}, secret),
      [secret],
    ).catch((error: unknown) => error);
    expect(String(failure)).toMatch(
      /requestToken\(request, 'x'\): an argument after the options object was accepted; refuse it with a TypeError .*BaseAdapter of @dual-auth\/core\/adapter-kit.*refusePositionalArguments.*requireConfigObject/,
    );
  });

  it('fails another error, a refusal without the place, or one that shows the value', async () => {
    const failures = await Promise.all(
      [
        () => Promise.reject(new Error('no')),
        () => Promise.reject(new TypeError('bad arguments')),
        () => Promise.reject(new TypeError(`got ${secret} as argument 2`)),
      ].map((call) =>
        expectArgumentAfterOptionsRefused('requestToken(request, x)', 2, call, [secret]).then(
          () => undefined,
          (error: unknown) => String(error),
        ),
      ),
    );
    expect(failures[0]).toMatch(/threw Error, not a TypeError; refuse it/);
    expect(failures[1]).toMatch(/refused without naming argument 2/);
    expect(failures[2]).toMatch(/its refusal shows the value given/);
  });
});
