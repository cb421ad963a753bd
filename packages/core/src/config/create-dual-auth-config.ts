import type { DualAuthConfig } from '../contracts/config.js';
import { VENDORS } from '../contracts/vendor.js';
import { REDACTED } from '../redaction/redact.js';

const SECRET_FIELDS = ['clientSecret', 'appPrivateKey'] as const;
const REQUIRED_STRINGS = ['tokenUrl', 'clientId', 'clientSecret'] as const;
// String forms list the fields in this order, whatever order the caller built them in.
const FIELD_ORDER = [
  'vendor',
  'tokenUrl',
  'clientId',
  'clientSecret',
  'audience',
  'scope',
  'appId',
  'actAudience',
  'appPrivateKey',
  'appPrivateKeyPath',
];
const INSPECT = Symbol.for('nodejs.util.inspect.custom');

/**
 * Makes a frozen {@link DualAuthConfig} whose secrets (`clientSecret`, `appPrivateKey`) read as
 * properties but never show: `String()`, template strings, `JSON.stringify` and `util.inspect` print
 * `***REDACTED***`. The secrets are non-enumerable getters, so `{ ...config }`, `Object.keys` and
 * structured clones leave them out; pass the config itself, or build a new one with this function
 * (`createDualAuthConfig({ ...config, clientSecret: config.clientSecret, audience })`).
 *
 * `getConfig()` returns such objects; use this to build one by hand (tests, values from elsewhere).
 * It checks types only; `getConfig()` validates values.
 *
 * @throws TypeError when `vendor` is unknown or a required field is not a string.
 * @example
 * const config = createDualAuthConfig({
 *   vendor: 'okta', tokenUrl: 'https://acme.okta.com/oauth2/aus1/v1/token',
 *   clientId: 'finance-agent', clientSecret: secret, audience: 'api://finance',
 * });
 * `${config}`; // DualAuthConfig(vendor=okta, …, clientSecret=***REDACTED***, audience=api://finance)
 */
export function createDualAuthConfig<C extends DualAuthConfig>(fields: C): C {
  if (typeof fields !== 'object' || fields === null) {
    throw new TypeError('config must be an object');
  }
  if (!VENDORS.includes(fields.vendor)) {
    throw new TypeError(`config.vendor must be one of: ${VENDORS.join(', ')}`);
  }
  for (const name of REQUIRED_STRINGS) {
    if (typeof fields[name] !== 'string') throw new TypeError(`config.${name} must be a string`);
  }
  const visible: Record<string, unknown> = {};
  for (const [name, value] of Object.entries(fields)) {
    if (value !== undefined && !(SECRET_FIELDS as readonly string[]).includes(name)) {
      visible[name] = value;
    }
  }
  const secrets = new Map<string, string>();
  for (const name of SECRET_FIELDS) {
    const value: unknown = (fields as unknown as Partial<Record<string, unknown>>)[name];
    if (value !== undefined && typeof value !== 'string') {
      throw new TypeError(`config.${name} must be a string`);
    }
    if (value !== undefined) secrets.set(name, value);
  }
  const order = [...new Set([...FIELD_ORDER, ...Object.keys(visible)])];
  const toJSON = (): Record<string, unknown> => {
    const json: Record<string, unknown> = {};
    for (const name of order) {
      if (secrets.has(name)) json[name] = REDACTED;
      else if (name in visible) json[name] = visible[name];
    }
    return json;
  };
  const describe = (): string => {
    const parts = Object.entries(toJSON()).map(([name, value]) => `${name}=${String(value)}`);
    return `DualAuthConfig(${parts.join(', ')})`;
  };
  const config: Record<string | symbol, unknown> = { ...visible };
  for (const [name, value] of secrets) {
    Object.defineProperty(config, name, { get: () => value, enumerable: false });
  }
  Object.defineProperties(config, {
    toJSON: { value: toJSON },
    toString: { value: describe },
    [INSPECT]: { value: () => `DualAuthConfig ${JSON.stringify(toJSON())}` },
  });
  return Object.freeze(config) as C;
}
