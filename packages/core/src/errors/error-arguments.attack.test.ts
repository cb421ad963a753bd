// Every error class core's entries export, constructed wrongly by a plugin author: no arguments,
// arguments of the wrong type, a Proxy whose traps throw. Each is a TypeError naming the class and
// the argument, never "Cannot destructure property" from inside, never the trap's own error,
// never an error whose message reads "undefined" or whose util.inspect throws later.
import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import * as kit from '../adapter-kit/index.js';
import * as core from '../index.js';
import * as jwt from '../jwt/index.js';

const trap = () => {
  throw new Error('trap');
};
const hostile = new Proxy(
  {},
  { get: trap, has: trap, ownKeys: trap, getOwnPropertyDescriptor: trap, getPrototypeOf: trap },
);
type Construct = () => unknown;
const make =
  <A extends unknown[]>(Class: new (...args: A) => unknown, ...args: unknown[]): Construct =>
  () =>
    new Class(...(args as A));

const cases: [string, Construct, RegExp][] = [
  [
    'DualAuthError()',
    make(core.DualAuthError),
    /^DualAuthError: code must be a string, got undefined/,
  ],
  [
    'DualAuthError(code)',
    make(core.DualAuthError, 'ERR_CONFIGURATION'),
    /^DualAuthError: options must be an object, got undefined/,
  ],
  [
    'DualAuthError(code, { message: 42 })',
    make(core.DualAuthError, 'ERR_CONFIGURATION', { message: 42 }),
    /^DualAuthError: options\.message must be a string, got number/,
  ],
  [
    'ConfigurationError()',
    make(core.ConfigurationError),
    /^ConfigurationError: options must be an object, got undefined/,
  ],
  [
    'ConfigurationError("text")',
    make(core.ConfigurationError, 'KEY is missing'),
    /^ConfigurationError: options must be an object, got string/,
  ],
  [
    'ConfigurationError({ message, variable: 42 })',
    make(core.ConfigurationError, { message: 'm', variable: 42 }),
    /^ConfigurationError: options\.variable must be a string or undefined, got number/,
  ],
  [
    'ConfigurationError(hostile)',
    make(core.ConfigurationError, hostile),
    /^ConfigurationError: options could not be read \(a getter or Proxy trap threw\): pass a plain object/,
  ],
  [
    'SecretsBackendError({ message })',
    make(core.SecretsBackendError, { message: 'm' }),
    /^SecretsBackendError: options\.backend must be a string, got undefined/,
  ],
  [
    'SecretsBackendError(42)',
    make(core.SecretsBackendError, 42),
    /^SecretsBackendError: options must be an object, got/,
  ],
  [
    'SecretsBackendError(hostile)',
    make(core.SecretsBackendError, hostile),
    /^SecretsBackendError: options could not be read/,
  ],
  [
    'TokenRequestError(undefined)',
    make(core.TokenRequestError, undefined),
    /^TokenRequestError: options must be an object, got undefined/,
  ],
  [
    'TokenRequestError({ message, status: "401" })',
    make(core.TokenRequestError, { message: 'm', status: '401' }),
    /^TokenRequestError: options\.status must be a number or undefined, got string/,
  ],
  [
    'TokenRequestError({ message, status: 401n })',
    make(core.TokenRequestError, { message: 'm', status: 401n }),
    /^TokenRequestError: options\.status must be a number or undefined, got bigint/,
  ],
  [
    'TokenRequestError({ message, vendorCodes: "E1" })',
    make(core.TokenRequestError, { message: 'm', vendorCodes: 'E1' }),
    /^TokenRequestError: options\.vendorCodes must be an array or undefined, got string/,
  ],
  [
    'TokenRequestError(hostile)',
    make(core.TokenRequestError, hostile),
    /^TokenRequestError: options could not be read/,
  ],
  [
    'ActVerificationError({ message })',
    make(core.ActVerificationError, { message: 'm' }),
    /^ActVerificationError: options\.reason must be a string, got undefined/,
  ],
  [
    'ActVerificationError()',
    make(core.ActVerificationError),
    /^ActVerificationError: options must be an object, got undefined/,
  ],
  [
    'ActVerificationError(hostile)',
    make(core.ActVerificationError, hostile),
    /^ActVerificationError: options could not be read/,
  ],
  [
    'ApiCallError({ message })',
    make(core.ApiCallError, { message: 'm' }),
    /^ApiCallError: options\.method must be a string, got undefined/,
  ],
  [
    'ApiCallError({ message, method, url: URL })',
    make(core.ApiCallError, { message: 'm', method: 'GET', url: new URL('https://api.test') }),
    /^ApiCallError: options\.url must be a string, got object/,
  ],
  ['ApiCallError()', make(core.ApiCallError), /^ApiCallError: options must be an object, got/],
  [
    'ApiCallError(hostile)',
    make(core.ApiCallError, hostile),
    /^ApiCallError: options could not be read/,
  ],
  [
    'OriginRefusedError(42)',
    make(core.OriginRefusedError, 42),
    /^OriginRefusedError: message must be a string or undefined, got number/,
  ],
  [
    'OriginRefusedError(hostile)',
    make(core.OriginRefusedError, hostile),
    /^OriginRefusedError: message must be a string or undefined, got object/,
  ],
  [
    'OriginRefusedError("m", hostile)',
    make(core.OriginRefusedError, 'm', hostile),
    /^OriginRefusedError: options could not be read/,
  ],
  [
    'OriginRefusedError("m", 42)',
    make(core.OriginRefusedError, 'm', 42),
    /^OriginRefusedError: options must be an object, got number/,
  ],
  [
    'SubjectTokenRequiredError(hostile)',
    make(core.SubjectTokenRequiredError, hostile),
    /^SubjectTokenRequiredError: message must be a string or undefined, got object/,
  ],
  [
    'SubjectTokenRequiredError("m", hostile)',
    make(core.SubjectTokenRequiredError, 'm', hostile),
    /^SubjectTokenRequiredError: options could not be read/,
  ],
  [
    'StoreUnavailableError()',
    make(core.StoreUnavailableError),
    /^StoreUnavailableError: operation must be a string, got undefined/,
  ],
  [
    'StoreUnavailableError("claim")',
    make(core.StoreUnavailableError, 'claim'),
    /^StoreUnavailableError: message must be a string, got undefined/,
  ],
  [
    'StoreUnavailableError("claim", hostile)',
    make(core.StoreUnavailableError, 'claim', hostile),
    /^StoreUnavailableError: message must be a string, got object/,
  ],
  [
    'StoreUnavailableError("claim", "m", hostile)',
    make(core.StoreUnavailableError, 'claim', 'm', hostile),
    /^StoreUnavailableError: options could not be read/,
  ],
  [
    'StoreUnavailableError("claim", "m", { reason: 1 })',
    make(core.StoreUnavailableError, 'claim', 'm', { reason: 1 }),
    /^StoreUnavailableError: options\.reason must be a string or undefined, got number/,
  ],
  [
    'ReplayStoreFullError()',
    make(core.ReplayStoreFullError),
    /^ReplayStoreFullError: maxEntries must be a number, got undefined/,
  ],
  [
    'ReplayStoreFullError(hostile)',
    make(core.ReplayStoreFullError, hostile),
    /^ReplayStoreFullError: maxEntries must be a number, got object/,
  ],
  [
    'ReplayStoreFullError(10, 42)',
    make(core.ReplayStoreFullError, 10, 42),
    /^ReplayStoreFullError: reason must be a string or undefined, got number/,
  ],
  [
    'BodyTooLargeError()',
    make(kit.BodyTooLargeError),
    /^BodyTooLargeError: what must be a string, got undefined/,
  ],
  [
    'BodyTooLargeError(hostile, 10)',
    make(kit.BodyTooLargeError, hostile, 10),
    /^BodyTooLargeError: what must be a string, got object/,
  ],
  [
    'BodyTooLargeError("body", "10")',
    make(kit.BodyTooLargeError, 'body', '10'),
    /^BodyTooLargeError: maxBytes must be a number, got string/,
  ],
];

describe("core's exported error classes refuse wrong arguments by name", () => {
  it.each(cases)('%s', (_, construct, message) => {
    expect(construct).toThrow(TypeError);
    expect(construct).toThrow(message);
  });

  it('covers every error class the entries export', () => {
    const classes = Object.entries({ ...core, ...kit, ...jwt })
      .filter(([name, value]) => typeof value === 'function' && /^[A-Z]\w*Error$/.test(name))
      .map(([name]) => name)
      .sort();
    const tested = new Set(cases.map(([label]) => label.replace(/\(.*/, '')));
    // UnusableKeyError takes any cause (an import's failure), so nothing can be wrong.
    expect(classes.filter((name) => !tested.has(name))).toEqual(['UnusableKeyError']);
    expect(() => new jwt.UnusableKeyError(hostile)).not.toThrow();
  });

  it('still builds each error from good arguments, inspectable', () => {
    const cause = new Error('inner');
    const built = [
      new core.DualAuthError('ERR_CONFIGURATION', { message: 'm', cause }),
      new core.ConfigurationError({ message: 'm', variable: 'KEY' }),
      new core.SecretsBackendError({ message: 'm', backend: 'aws', key: 'KEY' }),
      new core.TokenRequestError({
        message: 'm',
        status: 401,
        vendorCodes: ['E1'],
        retryable: true,
      }),
      new core.ActVerificationError({ reason: 'expired', message: 'm', claim: 'exp' }),
      new core.ApiCallError({ message: 'm', method: 'GET', url: 'https://api.test/', status: 503 }),
      new core.OriginRefusedError(),
      new core.OriginRefusedError('m', { cause }),
      new core.SubjectTokenRequiredError('m'),
      new core.StoreUnavailableError('claim', 'm', { cause, reason: 'clock_skew' }),
      new core.ReplayStoreFullError(10),
      new kit.BodyTooLargeError('body', 10),
    ];
    for (const error of built) expect(() => inspect(error)).not.toThrow();
    expect(built.map((error) => (error as Error).message)).toEqual([
      'm',
      'm',
      'm',
      'Token request failed (HTTP 401): m',
      'm',
      'm',
      '',
      'm',
      'm',
      'm',
      expect.stringMatching(/^Replay store is full \(10 unexpired jti/),
      'The body is larger than 10 bytes',
    ]);
    expect((built[1] as Error).cause).toBeUndefined();
    expect((built[7] as Error).cause).toBe(cause);
    expect((built[9] as core.StoreUnavailableError).reason).toBe('clock_skew');
  });

  it("errorOptions, as exported for other packages' error classes, names its own wrong arguments", () => {
    const fields = { message: 'string' } as const;
    expect(() => core.errorOptions({ message: 'm' }, undefined as never, fields)).toThrow(
      /^className must be a string, got undefined$/,
    );
    expect(() => core.errorOptions({ message: 'm' }, 'VendorError', undefined as never)).toThrow(
      /^fields must be an object, got undefined$/,
    );
    expect(() =>
      core.errorOptions({ message: 'm' }, 'VendorError', { message: 'strng' } as never),
    ).toThrow(/^fields must map each field to string, number, boolean, object or array/);
    expect(() => core.errorOptions(undefined, 'VendorError', fields)).toThrow(
      /^VendorError: options must be an object, got undefined$/,
    );
    expect(core.errorOptions({ message: 'm' }, 'VendorError', fields)).toEqual({ message: 'm' });
    // Session 37: the argument is named as the constructor names it (ToolDeniedError(denial)).
    expect(() => core.errorOptions({}, 'VendorError', fields, 'denial')).toThrow(
      /^VendorError: denial.message must be a string, got undefined$/,
    );
    expect(() => core.errorOptions({ message: 'm' }, 'VendorError', fields, 42 as never)).toThrow(
      /^argument must be a string, got number$/,
    );
  });
});
