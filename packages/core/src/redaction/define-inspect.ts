import { INSPECT } from './redact.js';

/**
 * Gives `target` (a class instance, from its constructor) the text Node's `util.inspect` shows of
 * it: an own, non-enumerable method under `Symbol.for('nodejs.util.inspect.custom')`. Not an
 * `[INSPECT]()` class member: esbuild keeps a class with a computed member in every bundle of its
 * file, used or not (evanw/esbuild#3189), and the published dist joins each entry's modules into a
 * few files, so one such class shipped everything its methods call to every consumer.
 */
export function defineInspect(target: object, render: () => string): void {
  Object.defineProperty(target, INSPECT, { value: render });
}
