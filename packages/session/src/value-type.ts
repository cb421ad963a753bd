/** The type of a value as a message names it: `array` and `null` apart from `object`. */
export const valueType = (value: unknown): string =>
  value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
