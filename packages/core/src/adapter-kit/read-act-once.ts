// The copies made here: frozen JSON data. BaseAdapter keeps one as it is (a session request read
// once hands it on); any other object, frozen or not, is copied, since only this module's own
// outputs are known to hold nothing a getter, a proxy or a later edit could answer differently.
const copies = new WeakSet<object>();

const NOT_JSON = 'Act claim must be JSON-serializable';

// The longest JSON text of an act copied, in characters, counted at least as JSON writes it (a
// string's characters and quotes, one per number, each separator, and one per claim read even
// where JSON drops it, so that it bounds the reading as much as the copy): far above what any IdP takes
// in an assertion, far below what fills a process's memory. JSON.stringify refuses a text too
// long for a string (a RangeError: a sparse array of 2^32 - 1 slots, a claim shared at each of
// 40 levels); the copy, built claim by claim, would first run out of memory, which no caller can
// catch.
const MAX_ACT_JSON_LENGTH = 1_048_576;

// The walk of an act: what is left of MAX_ACT_JSON_LENGTH as the copy is built, and the objects
// being copied, from the act down (a cycle is one of them met again). They are scanned in an
// array while it is short (an act is one or two levels deep, and a Set costs more to make than a
// short array to scan); from DEEP levels on they are kept in a Set too, so that a deep act costs
// its size, not depth × size.
interface Budget {
  left: number;
  path: object[];
  onPath?: Set<object>;
}

const DEEP = 16;

// Enters `value` (throws the typed error on a cycle); `leave` leaves it.
function enter(budget: Budget, value: object): void {
  const { path } = budget;
  if (budget.onPath ? budget.onPath.has(value) : path.includes(value)) {
    throw new TypeError(NOT_JSON);
  }
  path.push(value);
  if (budget.onPath) budget.onPath.add(value);
  else if (path.length === DEEP) budget.onPath = new Set(path);
}

function leave(budget: Budget): void {
  const value = budget.path.pop() as object;
  budget.onPath?.delete(value);
}

function spend(budget: Budget, length: number): void {
  budget.left -= length;
  if (budget.left < 0) {
    throw new TypeError(NOT_JSON, {
      cause: new RangeError(`its JSON is longer than ${MAX_ACT_JSON_LENGTH} characters`),
    });
  }
}

// JSON.isRawJSON (ECMA-262 2026, JSON.parse source text access), where the runtime has it.
const isRawJSON = /* @__PURE__ */ (() =>
  (JSON as { isRawJSON?: (value: unknown) => value is { rawJSON: string } }).isRawJSON)();

// Whether JSON writes `value` as an object of its claims, told without reading what JSON does not
// read (its prototype, a Symbol.toStringTag getter): with no Symbol.toStringTag on it or its
// prototypes, Object.prototype.toString answers its builtin tag, `[object Number]` for a boxed
// number whatever its prototype, `[object Object]` for an ordinary object (a class's too); and no
// JSON.rawJSON value (a frozen object of no prototype). Any other object goes through `unboxed`'s
// brand checks, which cost microseconds each when they throw. A boxed BigInt has no builtin tag:
// one of a replaced prototype (no inherited tag) is copied, where JSON throws.
function isPlainObject(value: object): boolean {
  return (
    !(Symbol.toStringTag in value) &&
    Object.prototype.toString.call(value) === '[object Object]' &&
    !isRawJSON?.(value)
  );
}

// Whether `value` holds the internal slot that `read` (a `valueOf`) reads; `read` throws a
// TypeError on any other value.
function branded(read: (this: object) => unknown, value: object): boolean {
  try {
    read.call(value);
    return true;
  } catch {
    return false;
  }
}

// %TypedArray%.prototype.length's getter (ECMA-262 §23.2.3.21): a typed array's own length, whatever
// claim named `length` is put on it.
const typedArrayLengthOf = /* @__PURE__ */ (() =>
  Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype) as object, 'length')
    ?.get as (this: object) => number)();

// How many index claims `value` has if it is a typed array (0 for a DataView or any other object).
function typedArrayLength(value: object): number {
  return ArrayBuffer.isView(value) && !(value instanceof DataView)
    ? typedArrayLengthOf.call(value)
    : 0;
}

// JSON.stringify's [[IsRawJSON]] case (its text, parsed) and its [[NumberData]]/[[StringData]]/
// [[BooleanData]]/[[BigIntData]] cases: a boxed primitive is written as its ToNumber (`+`, which
// refuses a BigInt as JSON does), its ToString, or its primitive. Looked for only off plain
// objects and arrays.
function unboxed(value: object): unknown {
  if (isRawJSON?.(value)) return JSON.parse(value.rawJSON);
  if (branded(Number.prototype.valueOf, value)) return +value;
  if (branded(String.prototype.valueOf, value)) return String(value);
  if (branded(Boolean.prototype.valueOf, value)) return Boolean.prototype.valueOf.call(value);
  if (branded(BigInt.prototype.valueOf, value)) return BigInt.prototype.valueOf.call(value);
  return value;
}

// JSON.stringify's SerializeJSONProperty (ECMA-262 §25.5.2.2), then JSON.parse of its text:
// `undefined` where JSON writes nothing (undefined, a function, a symbol).
function jsonValue(given: unknown, key: string, budget: Budget): unknown {
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
      spend(budget, value.length + 2);
      return value;
    case 'boolean':
      spend(budget, 4);
      return value;
    case 'number':
      spend(budget, 1);
      // JSON writes -0 as 0, and NaN and the infinities as null.
      return Number.isFinite(value) ? value + 0 : null;
    case 'bigint':
      throw new TypeError(NOT_JSON);
    case 'object':
      return value === null ? null : copyObject(value, budget);
    default:
      return undefined;
  }
}

function copyObject(value: object, budget: Budget): object {
  enter(budget, value);
  spend(budget, 2);
  let copy: unknown[] | Record<string, unknown>;
  if (Array.isArray(value)) {
    const { length } = value;
    // Each slot writes a value and a separator at least: a too long array is refused unread.
    spend(budget, length);
    copy = new Array<unknown>(length);
    for (let index = 0; index < length; index += 1) {
      copy[index] = jsonValue(value[index], String(index), budget) ?? null;
    }
  } else {
    // Each claim read once (a getter, a proxy's trap), its own enumerable keys, as JSON reads them.
    // A loop, not Object.entries: it halves the copy's cost.
    copy = {};
    // A typed array's indices are its claims (JSON writes `{"0":…}`): charged before Object.keys
    // lists them, which for 10 million would take 500 MB and seconds before the refusal.
    const indices = typedArrayLength(value);
    spend(budget, indices);
    const keys = Object.keys(value);
    // Each claim read counts, one JSON drops (a function, undefined) too: an object of many such
    // claims shared many times would otherwise be read for minutes into a copy of a few bytes.
    spend(budget, keys.length - indices);
    for (const key of keys) {
      const item = jsonValue((value as Record<string, unknown>)[key], key, budget);
      if (item === undefined) continue;
      spend(budget, key.length + 3);
      // JSON.parse makes `__proto__` an own claim, never the copy's prototype.
      if (key === '__proto__') {
        Object.defineProperty(copy, key, { value: item, enumerable: true, writable: true });
      } else copy[key] = item;
    }
  }
  leave(budget);
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
 *   write nothing for it, or when its JSON would be longer than 1 048 576 characters, each claim
 *   read counted as one character at least, a claim JSON drops too (its `cause` a RangeError;
 *   the limit of an act's JSON, far above what an IdP takes in an assertion).
 * @example
 * const act = validateAct(readActOnce(request.act)); // check, then sign, this one object
 */
export function readActOnce(act: unknown): unknown {
  if (typeof act !== 'object' || act === null) return act;
  if (copies.has(act)) return act;
  let copy: unknown;
  try {
    copy = jsonValue(act, '', { left: MAX_ACT_JSON_LENGTH, path: [] });
  } catch (error) {
    throw error instanceof TypeError && error.message === NOT_JSON
      ? error
      : new TypeError(NOT_JSON, { cause: error });
  }
  if (copy === undefined) throw new TypeError(NOT_JSON);
  if (typeof copy === 'object' && copy !== null) copies.add(copy);
  return copy;
}
