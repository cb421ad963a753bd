import type { VendorConfig } from '../contracts/config.js';
import { INSPECT, REDACTED } from '../redaction/redact.js';
import { checkValue } from './check-option.js';
import { isPluginName } from './parse-plugin-name.js';

// A field named like this is a secret: the client secret, a private key's PEM text.
const SECRET_FIELD = /(?:secret|privatekey)$/i;
const BASE_FIELDS = ['vendor', 'tokenUrl', 'clientId', 'clientSecret'];

/**
 * Makes a frozen config whose secrets (every field named `…Secret` or `…PrivateKey`:
 * `clientSecret`, Entra ID's `appPrivateKey`) read as properties but never show: `String()`,
 * template strings, `JSON.stringify` and `util.inspect` print `***REDACTED***`. The secrets are
 * non-enumerable getters, so `{ ...config }`, `Object.keys` and structured clones leave them out;
 * pass the config itself, or build a new one with this function
 * (`createDualAuthConfig({ ...config, clientSecret: config.clientSecret, audience })`).
 *
 * `getConfig()` returns such objects; use this to build one by hand (tests, values from elsewhere).
 * It checks types only; `getConfig()` validates values. String forms list `vendor`, `tokenUrl`,
 * `clientId`, `clientSecret`, then the other fields in the order given.
 *
 * @throws TypeError when `vendor` is not a vendor name or a required field is not a string.
 * @example
 * const config = createDualAuthConfig({
 *   vendor: 'acme', tokenUrl: 'https://idp.acme.example/oauth2/token',
 *   clientId: 'finance-agent', clientSecret: secret, audience: 'api://finance',
 * });
 * `${config}`; // DualAuthConfig(vendor=acme, …, clientSecret=***REDACTED***, audience=api://finance)
 */
export function createDualAuthConfig<C extends VendorConfig>(fields: C): C {
  checkValue(fields, 'config', 'object');
  if (fields === undefined) throw new TypeError('config must be an object, got undefined');
  if (!isPluginName(fields.vendor)) {
    throw new TypeError("config.vendor must be a vendor name (lowercase letters, digits and '-')");
  }
  const visible: Record<string, unknown> = {};
  const secrets = new Map<string, string>();
  // Own names, not keys: a config made here keeps its secrets in non-enumerable getters.
  for (const name of Object.getOwnPropertyNames(fields)) {
    const value: unknown = (fields as unknown as Record<string, unknown>)[name];
    if (value === undefined || typeof value === 'function') continue;
    if (!SECRET_FIELD.test(name)) visible[name] = value;
    else if (typeof value === 'string') secrets.set(name, value);
    else throw new TypeError(`config.${name} must be a string`);
  }
  for (const name of BASE_FIELDS.slice(1)) {
    if (typeof visible[name] !== 'string' && !secrets.has(name)) {
      throw new TypeError(`config.${name} must be a string`);
    }
  }
  const order = [...new Set([...BASE_FIELDS, ...Object.getOwnPropertyNames(fields)])];
  const toJSON = (): Record<string, unknown> => {
    const json: Record<string, unknown> = {};
    for (const name of order) {
      if (secrets.has(name)) json[name] = REDACTED;
      else if (Object.hasOwn(visible, name)) json[name] = visible[name];
    }
    return json;
  };
  const describe = (): string => {
    const parts = Object.entries(toJSON()).map(([name, value]) => `${name}=${String(value)}`);
    return `DualAuthConfig(${parts.join(', ')})`;
  };
  const config: Record<string | symbol, unknown> = {};
  for (const name of order) if (Object.hasOwn(visible, name)) config[name] = visible[name];
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
