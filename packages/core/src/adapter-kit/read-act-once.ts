// The copies made here: frozen JSON data. BaseAdapter keeps one as it is (a session request read
// once hands it on); any other object, frozen or not, is copied, since only this module's own
// outputs are known to hold nothing a getter, a proxy or a later edit could answer differently.
const copies = new WeakSet<object>();

const NOT_JSON = 'Act claim must be JSON-serializable';

function isPlainObject(value: object): boolean {
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

// JSON.stringify's [[NumberData]]/[[StringData]]/[[BooleanData]]/[[BigIntData]] cases: a boxed
// primitive is written as its primitive. Looked for only off plain objects and arrays.
function unboxed(value: object): unknown {
  try {
    Number.prototype.valueOf.call(value);
    return Number(value);
  } catch {}
  try {
    String.prototype.valueOf.call(value);
    return String(value);
  } catch {}
  try {
    return Boolean.prototype.valueOf.call(value);
  } catch {}
  try {
    return BigInt.prototype.valueOf.call(value);
  } catch {}
  return value;
}

// JSON.stringify's SerializeJSONProperty (ECMA-262 §25.5.2.2), then JSON.parse of its text:
// `undefined` where JSON writes nothing (undefined, a function, a symbol).
function jsonValue(given: unknown, key: string, ancestors: object[]): unknown {
  let value = given;
  if ((typeof value === 'object' && value !== null) || typeof value === 'bigint') {
    const toJSON = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJSON === 'function') value = toJSON.call(value, key);
  }
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    if (!isPlainObject(value)) value = unboxed(value);
  }
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      // JSON writes -0 as 0, and NaN and the infinities as null.
      return Number.isFinite(value) ? value + 0 : null;
    case 'bigint':
      throw new TypeError(NOT_JSON);
    case 'object':
      return value === null ? null : copyObject(value, ancestors);
    default:
      return undefined;
  }
}

function copyObject(value: object, ancestors: object[]): object {
  if (ancestors.includes(value)) throw new TypeError(NOT_JSON);
  ancestors.push(value);
  let copy: unknown[] | Record<string, unknown>;
  if (Array.isArray(value)) {
    const { length } = value;
    copy = new Array<unknown>(length);
    for (let index = 0; index < length; index += 1) {
      copy[index] = jsonValue(value[index], String(index), ancestors) ?? null;
    }
  } else {
    // Each claim read once (a getter, a proxy's trap), its own enumerable keys, as JSON reads them.
    // A loop, not Object.entries: it halves the copy's cost.
    copy = {};
    for (const key of Object.keys(value)) {
      const item = jsonValue((value as Record<string, unknown>)[key], key, ancestors);
      if (item === undefined) continue;
      // JSON.parse makes `__proto__` an own claim, never the copy's prototype.
      if (key === '__proto__') {
        Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true });
      } else copy[key] = item;
    }
  }
  ancestors.pop();
  return Object.freeze(copy);
}

/**
 * `act` read once, as every client assertion will carry it: the value of
 * `JSON.parse(JSON.stringify(act))` (own enumerable claims only, `toJSON` applied, `undefined`
 * and functions dropped, a `Date` as its ISO string), deeply frozen. What a token request checks,
 * keys, logs and signs is then one act, whatever the caller's object, a getter or a proxy answers
 * later, and a `sub` inherited from a prototype is not in it (the check refuses it, as JSON would
 * send it without `sub`).
 *
 * A copy made here is returned as it is (its claims cannot change), so a request read once by
 * `@dual-auth/session` is not copied again by {@link BaseAdapter}; any other object, frozen or
 * not, is copied. A value that is no object is returned as it is, for {@link validateAct} to
 * refuse.
 *
 * @returns the copy (or `act` itself, as above); unchecked: run {@link validateAct} on it.
 * @throws TypeError `Act claim must be JSON-serializable` when JSON.stringify would throw on it
 *   (a cycle, a BigInt, a getter or `toJSON` that throws; the error is its `cause`), or would
 *   write nothing for it.
 * @example
 * const act = validateAct(readActOnce(request.act)); // check, then sign, this one object
 */
export function readActOnce(act: unknown): unknown {
  if (typeof act !== 'object' || act === null) return act;
  if (copies.has(act)) return act;
  let copy: unknown;
  try {
    copy = jsonValue(act, '', []);
  } catch (error) {
    throw error instanceof TypeError && error.message === NOT_JSON
      ? error
      : new TypeError(NOT_JSON, { cause: error });
  }
  if (copy === undefined) throw new TypeError(NOT_JSON);
  if (typeof copy === 'object' && copy !== null) copies.add(copy);
  return copy;
}
