import { InvalidArgumentError } from 'commander';

/** The range and unit of a whole-number option of the CLI. */
export interface DecimalIntegerRange {
  readonly min: number;
  readonly max: number;
  /** The unit as the message names it, plural: `milliseconds`, `seconds`. */
  readonly unit: string;
  /** A value the message shows as an example. */
  readonly example: number;
  /** Said after the range when the value is below it (why the minimum is what it is). */
  readonly belowMin?: string | undefined;
}

// Plain decimal digits, no sign, no leading zero: what `Number()` alone would also read as a
// number (`1e3`, `0x1F4`, ` 500`, `500.0`, `+500`, `0o17`) is refused, not guessed at.
const DECIMAL = /^(?:0|[1-9][0-9]{0,15})$/;

/**
 * A commander argument parser for a whole-number option: plain decimal digits (`10000`) within
 * `range`, else an `InvalidArgumentError` (exit 2) naming the option, the range and its unit.
 * The value itself is not repeated (commander quotes it, escaped by the CLI's error output).
 *
 * @example
 * new Option('--timeout-ms <ms>').argParser(decimalIntegerOption('--timeout-ms', { min: 100, max: 2_147_483_647, unit: 'milliseconds', example: 10_000 }));
 */
export function decimalIntegerOption(
  flag: string,
  range: DecimalIntegerRange,
): (value: string) => number {
  const expected = `${flag} takes a whole number of ${range.unit} from ${range.min} to ${range.max}, in plain decimal digits (e.g. ${range.example})`;
  return (value) => {
    const n = DECIMAL.test(value) ? Number(value) : Number.NaN;
    if (Number.isSafeInteger(n) && n >= range.min && n <= range.max) return n;
    const below = Number.isSafeInteger(n) && n < range.min && range.belowMin !== undefined;
    throw new InvalidArgumentError(below ? `${expected}: ${range.belowMin}` : expected);
  };
}
