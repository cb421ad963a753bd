import type { Clock } from '@dual-auth/core';

export { checkLogger } from '@dual-auth/core/adapter-kit';

function typeName(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** Throws a TypeError unless `value` is an object (the options bag of a constructor). */
export function checkOptionsObject(value: unknown, owner: string): void {
  if (value !== undefined && (typeof value !== 'object' || value === null)) {
    throw new TypeError(`${owner}: options must be an object, got ${typeName(value)}`);
  }
}

/** Throws a TypeError unless `value` is undefined or of the `typeof` type `type`. */
export function checkOptional(
  value: unknown,
  type: 'string' | 'boolean' | 'function' | 'object',
  name: string,
): void {
  if (value === undefined) return;
  if (typeof value !== type || value === null) {
    throw new TypeError(`${name} must be a ${type}, got ${typeName(value)}`);
  }
}

/** Throws a TypeError unless `value` is undefined or a positive integer; returns it or `fallback`. */
export function positiveInteger(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) {
    throw new TypeError(`${name} must be a positive integer, got ${typeName(value)}`);
  }
  return value;
}

/** Throws a TypeError unless `value` is undefined or a non-negative finite number. */
export function nonNegativeNumber(value: unknown, name: string, fallback: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !Number.isFinite(value) || value < 0) {
    throw new TypeError(`${name} must be a non-negative number, got ${typeName(value)}`);
  }
  return value;
}

/** Throws a TypeError unless `value` is undefined or a {@link Clock}. */
export function checkClock(value: unknown, name: string): asserts value is Clock | undefined {
  if (value !== undefined && typeof (value as Partial<Clock> | null)?.now !== 'function') {
    throw new TypeError(`${name} must be a Clock with a now() method`);
  }
}

/** Throws a TypeError unless `value` is undefined or an object with the methods named. */
export function checkMethods(
  value: unknown,
  methods: readonly string[],
  name: string,
  contract: string,
): void {
  if (value === undefined) return;
  const candidate = value as Record<string, unknown> | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    methods.some((m) => typeof candidate[m] !== 'function')
  ) {
    throw new TypeError(`${name} must be a ${contract}`);
  }
}
