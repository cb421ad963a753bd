/** Throws a TypeError unless `value` is undefined or a string. */
export function checkOptionalString(
  value: unknown,
  name: string,
): asserts value is string | undefined {
  if (value !== undefined && typeof value !== 'string') {
    throw new TypeError(`${name} must be a string, got ${typeName(value)}`);
  }
}

/** Throws a TypeError unless `value` is undefined or a boolean. */
export function checkOptionalBoolean(
  value: unknown,
  name: string,
): asserts value is boolean | undefined {
  if (value !== undefined && typeof value !== 'boolean') {
    throw new TypeError(`${name} must be a boolean, got ${typeName(value)}`);
  }
}

/** Throws a TypeError unless `value` is undefined or a function. */
export function checkOptionalFunction(value: unknown, name: string): void {
  if (value !== undefined && typeof value !== 'function') {
    throw new TypeError(`${name} must be a function, got ${typeName(value)}`);
  }
}

/** Throws a TypeError unless `value` is undefined or a non-null object. */
export function checkOptionalObject(value: unknown, name: string): void {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new TypeError(`${name} must be an object, got ${typeName(value)}`);
  }
}

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
