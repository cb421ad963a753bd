import { describe, expect, it } from 'vitest';
import {
  argumentKindOf,
  type PositionalArgumentsUsage,
  refusePositionalArguments,
} from './refuse-positional-arguments.js';

const usage: PositionalArgumentsUsage = {
  call: 'new AcmeRequest',
  example: '{ adapter }',
  note: 'adapter from createAdapter',
};
const secret = '/etc/keys/positional-secret-0123456789.pem';

function messageOf(args: readonly unknown[], given: PositionalArgumentsUsage = usage): string {
  try {
    refusePositionalArguments(args, given);
  } catch (error) {
    expect(error).toBeInstanceOf(TypeError);
    expect((error as Error).message).not.toContain(secret);
    return (error as Error).message;
  }
  throw new Error('did not throw');
}

describe('argumentKindOf', () => {
  it('names the type of a value, never the value', () => {
    const adapter = { requestToken: async () => undefined };
    for (const [value, kind] of [
      [undefined, 'no argument'],
      [null, 'null'],
      [[secret], 'an array'],
      [secret, 'a string'],
      [30, 'a number'],
      [true, 'a boolean'],
      [adapter, 'an adapter'],
      [{ accessToken: secret, tokenType: 'Bearer' }, 'a token response'],
      [{ secret }, 'an object'],
      [() => secret, 'a function'],
    ] as const) {
      expect(argumentKindOf(value)).toBe(kind);
    }
  });
});

describe('refusePositionalArguments', () => {
  it('lets one options object, or nothing where it is optional, through', () => {
    for (const args of [[{}], [], [undefined], [{ adapter: {} }, undefined]]) {
      expect(() => refusePositionalArguments(args, usage)).not.toThrow();
    }
    expect(() => refusePositionalArguments([{}, {}], { ...usage, objects: 2 })).not.toThrow();
  });

  it("refuses Python's positional first argument with the options-object form", () => {
    for (const [given, kind] of [
      [secret, 'a string'],
      [null, 'null'],
      [[secret], 'an array'],
      [{ requestToken: () => secret }, 'an adapter'],
      [{ accessToken: secret, tokenType: 'Bearer', expiresIn: 300 }, 'a token response'],
    ] as const) {
      expect(messageOf([given])).toBe(
        `new AcmeRequest takes one options object, not Python's positional arguments (got ${kind}): new AcmeRequest({ adapter }), adapter from createAdapter`,
      );
    }
  });

  it('refuses an argument after the last one it takes, naming its place', () => {
    expect(messageOf([{ adapter: {} }, secret])).toBe(
      "new AcmeRequest takes one options object, not Python's positional arguments (got a string as argument 2): new AcmeRequest({ adapter }), adapter from createAdapter",
    );
    const adapterUsage = {
      call: 'new AcmeAdapter',
      example: '{ tokenUrl }, options',
      takes: 'one config object',
      objects: 2,
      required: true,
    };
    expect(messageOf([{}, {}, 60], adapterUsage)).toBe(
      "new AcmeAdapter takes one config object, not Python's positional arguments (got a number as argument 3): new AcmeAdapter({ tokenUrl }, options)",
    );
    expect(messageOf([{}, 'realm'], adapterUsage)).toMatch(/\(got a string as argument 2\)/);
    expect(messageOf([], adapterUsage)).toMatch(/\(got no argument\)/);
  });
});
