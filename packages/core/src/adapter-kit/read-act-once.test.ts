import { describe, expect, it } from 'vitest';
import { readActOnce } from './read-act-once.js';

const asJson = (value: unknown): unknown => JSON.parse(JSON.stringify(value));

describe('readActOnce', () => {
  it('is the JSON an assertion signs, frozen all the way down', () => {
    const when = new Date(0);
    const act = {
      sub: 'alice',
      since: when,
      gone: undefined,
      call: () => 'x',
      n: -0,
      inf: Number.POSITIVE_INFINITY,
      roles: ['reader', undefined, () => 1],
      boxed: [new Number(1), new String('s'), new Boolean(false)],
      tenant: { id: 'A', toJSON: () => ({ id: 'B' }) },
      map: new Map([['k', 'v']]),
    };
    const copy = readActOnce(act) as Record<string, unknown>;
    expect(copy).toStrictEqual(asJson(act));
    expect(Object.is(copy.n, 0)).toBe(true);
    expect(Object.isFrozen(copy)).toBe(true);
    expect(Object.isFrozen(copy.roles)).toBe(true);
    expect(Object.isFrozen(copy.tenant)).toBe(true);
  });

  it('reads each claim once, own claims only, and keeps a parsed __proto__ claim a claim', () => {
    let reads = 0;
    const getter = {
      get sub() {
        reads += 1;
        return reads === 1 ? 'alice' : 'bob';
      },
    };
    expect(readActOnce(getter)).toStrictEqual({ sub: 'alice' });
    expect(reads).toBe(1);
    class Human {
      readonly email = 'alice@example.com';
      get sub() {
        return 'alice';
      }
    }
    expect(readActOnce(new Human())).toStrictEqual({ email: 'alice@example.com' });
    const parsed = JSON.parse('{"sub":"alice","__proto__":{"sub":"bob"}}');
    const copy = readActOnce(parsed) as object;
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(JSON.stringify(copy)).toBe('{"sub":"alice","__proto__":{"sub":"bob"}}');
  });

  it('keeps a copy it made, and copies any other object, frozen or not', () => {
    const copy = readActOnce({ sub: 'alice' });
    expect(readActOnce(copy)).toBe(copy);
    const frozen = Object.freeze({ sub: 'alice' });
    expect(readActOnce(frozen)).not.toBe(frozen);
    expect(readActOnce(structuredClone(copy))).not.toBe(copy);
  });

  it('returns a value that is no object as it is, for the act check to refuse', () => {
    for (const value of [undefined, null, '', 'alice', 0, false]) {
      expect(readActOnce(value)).toBe(value);
    }
  });

  it('refuses what JSON cannot write with a TypeError', () => {
    const cyclic: Record<string, unknown> = { sub: 'alice' };
    cyclic.self = cyclic;
    const failing = {
      get sub(): string {
        throw new Error('getter failed');
      },
    };
    for (const act of [cyclic, { sub: 'alice', n: 1n }, failing, { toJSON: () => undefined }]) {
      expect(() => readActOnce(act)).toThrow(new TypeError('Act claim must be JSON-serializable'));
    }
    expect(() => readActOnce(failing)).toThrow(
      expect.objectContaining({ cause: new Error('getter failed') }),
    );
  });

  // Session 37 (carried "readActOnce and a boxed BigInt"): a boxed BigInt is refused as JSON
  // refuses it, as the act or as a claim; one whose toJSON answers is written as that answer, and
  // an answer too long for the bound is refused by it (no crash, no copy of it).
  it('refuses a boxed BigInt as JSON does, and bounds what its toJSON answers', () => {
    for (const act of [
      Object(1n),
      { sub: 'alice', n: Object(1n) },
      { sub: 'alice', n: [Object(1n)] },
    ]) {
      expect(() => JSON.stringify(act)).toThrow(TypeError);
      expect(() => readActOnce(act)).toThrow(new TypeError('Act claim must be JSON-serializable'));
    }
    const told = Object.assign(Object(1n), { toJSON: () => 'one' });
    expect(readActOnce({ sub: 'alice', n: told })).toEqual(
      JSON.parse(JSON.stringify({ sub: 'alice', n: told })),
    );
    const long = Object.assign(Object(1n), { toJSON: () => 'x'.repeat(2 ** 21) });
    expect(() => readActOnce({ sub: 'alice', n: long })).toThrow(
      expect.objectContaining({
        cause: new RangeError('its JSON is longer than 1048576 characters'),
      }),
    );
  });
});

// Review (wave 31, reviewact): JSON.stringify refuses an act whose text would be too long (a
// RangeError, at once for a sparse array of 2^32 - 1 slots), but the copy had no bound: it filled
// such an array slot by slot, or a claim shared at each of 40 levels (2^40 leaves), until the
// process died out of memory, no error to catch.
describe('readActOnce: an act too large for any assertion', () => {
  it('refuses a sparse array of 2^32 - 1 slots with its typed error', () => {
    const roles: unknown[] = [];
    roles.length = 2 ** 32 - 1;
    expect(() => JSON.stringify({ sub: 'alice', roles })).toThrow(RangeError);
    expect(() => readActOnce({ sub: 'alice', roles })).toThrow(
      new TypeError('Act claim must be JSON-serializable'),
    );
  });

  it('refuses a claim shared at each of 40 levels (2^40 leaves) with its typed error', () => {
    let tree: unknown = ['leaf'];
    for (let level = 0; level < 40; level += 1) tree = [tree, tree];
    expect(() => readActOnce({ sub: 'alice', tree })).toThrow(
      new TypeError('Act claim must be JSON-serializable'),
    );
  });

  it('still copies a large act an assertion can carry', () => {
    const act = { sub: 'alice', note: 'x'.repeat(100_000), roles: Array(10_000).fill('r') };
    expect(readActOnce(act)).toStrictEqual(act);
  });
});

// Review (wave 32, actcopy): the copy re-implemented JSON.stringify's SerializeJSONProperty by hand
// and missed two of its cases: a `JSON.rawJSON` value (written as its raw text) was copied as an
// object `{ rawJSON: … }`, and a boxed primitive whose prototype was replaced by
// `Object.prototype` or `null` was copied as a plain object of its own keys.
describe('readActOnce: values JSON.stringify writes in its own way', () => {
  // JSON.rawJSON (ES2026 JSON.parse source text access), where the runtime has it.
  const { rawJSON } = JSON as { rawJSON?: (text: string) => object };

  it.runIf(rawJSON)('writes a JSON.rawJSON value as its raw text', () => {
    const act = { sub: 'alice', seq: rawJSON?.('12345678901234567890'), tag: rawJSON?.('"t"') };
    expect(readActOnce(act)).toStrictEqual({ sub: 'alice', seq: 12345678901234567000, tag: 't' });
  });

  it('writes a boxed primitive as JSON does, whatever its prototype', () => {
    const act = {
      sub: 'alice',
      n: Object.setPrototypeOf(new Number(5), Object.prototype),
      s: Object.setPrototypeOf(new String('ab'), Object.prototype),
      b: Object.setPrototypeOf(new Boolean(true), null),
    };
    expect(readActOnce(act)).toStrictEqual(asJson(act));
    expect(asJson(act)).toStrictEqual({ sub: 'alice', n: null, s: '[object String]', b: true });
    const bare = { sub: 'alice', n: Object.setPrototypeOf(new Number(5), null) };
    const big = { sub: 'alice', n: Object.assign(new Number(5), { valueOf: () => 5n }) };
    for (const refused of [bare, big]) {
      expect(() => JSON.stringify(refused)).toThrow(TypeError);
      expect(() => readActOnce(refused)).toThrow(
        new TypeError('Act claim must be JSON-serializable'),
      );
    }
  });
});

// Review (wave 32, reviewtime): a claim JSON drops (a function, undefined) cost nothing, so an
// object of 10 000 such claims shared 200 times was read 2 000 000 times into a copy of 1 KB
// (10 000 times: 39 s for 30 KB; 300 000 times, within the bound: minutes).
describe('readActOnce: the bound counts every claim read', () => {
  it('refuses an act whose claims JSON drops would be read past the bound', () => {
    const dropped: Record<string, unknown> = {};
    for (let index = 0; index < 10_000; index += 1) dropped[`k${index}`] = () => index;
    const act = { sub: 'alice', many: Array(200).fill(dropped) };
    expect(() => readActOnce(act)).toThrow(new TypeError('Act claim must be JSON-serializable'));
    expect(readActOnce({ sub: 'alice', once: dropped })).toStrictEqual({
      sub: 'alice',
      once: {},
    });
  });
});
