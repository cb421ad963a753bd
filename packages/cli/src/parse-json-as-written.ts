// JSON.parse source text access and JSON.rawJSON (TC39, in V8 since 11.4: Node 21 and later), not
// yet in TypeScript's lib.
interface SourceContext {
  readonly source?: string;
}
const json = JSON as JSON & {
  rawJSON(text: string): object;
  isRawJSON(value: unknown): boolean;
};

const NUMBER = /^(-?)(\d+)(?:\.(\d+))?(?:[eE]([+-]?\d+))?$/;

/**
 * The value a JSON number literal (or a number as JavaScript prints one) denotes, in one spelling:
 * `<sign><digits>e<exponent>` with no leading or trailing zero digit, `0` for zero (of either
 * sign); `undefined` for `Infinity` and `NaN`.
 */
function exactValueOf(text: string): string | undefined {
  const match = NUMBER.exec(text);
  if (match === null) return undefined;
  const [, sign, whole = '', fraction = '', exponent = '0'] = match;
  const digits = `${whole}${fraction}`.replace(/^0+/, '');
  if (digits === '') return '0';
  const significant = digits.replace(/0+$/, '');
  const power =
    BigInt(exponent) - BigInt(fraction.length) + BigInt(digits.length - significant.length);
  return `${sign}${significant}e${power}`;
}

/**
 * Parses JSON `text` as `JSON.parse` does, except for a number JavaScript cannot hold as written:
 * one past ±1.8e308 (read as ±Infinity), one so small it is read as 0, or one whose digits a double
 * cannot keep (an integer past 2^53, 1.00000000000000000001). Such a number becomes a
 * `JSON.rawJSON` object of its source text, which `JSON.stringify` prints as written. A number
 * JavaScript prints as another spelling of the same value (`1E2` as `100`, `0.10` as `0.1`) stays
 * a number.
 *
 * @throws SyntaxError as `JSON.parse` for text that is not JSON.
 */
export function parseJsonAsWritten(text: string): unknown {
  return JSON.parse(text, (_key, value: unknown, context?: SourceContext) => {
    const source = context?.source;
    if (typeof value !== 'number' || source === undefined) return value;
    return exactValueOf(source) === exactValueOf(String(value)) ? value : json.rawJSON(source);
  });
}

/**
 * The places in `value` (named from `root`: `claims.act.n[1]`) that {@link parseJsonAsWritten}
 * kept as written, each with what JavaScript reads there, in document order.
 */
export function numbersAsWritten(
  value: unknown,
  root: string,
): { readonly path: string; readonly read: string }[] {
  const found: { path: string; read: string }[] = [];
  // Walked without recursion, in document order: a token may nest deep.
  const pending: Array<[unknown, string]> = [[value, root]];
  while (pending.length > 0) {
    const [current, path] = pending.pop() as [unknown, string];
    if (json.isRawJSON(current)) {
      const source = (current as { rawJSON: string }).rawJSON;
      found.push({ path, read: String(Number(source)) });
    } else if (typeof current === 'object' && current !== null) {
      const members = Array.isArray(current)
        ? current.map((item, index): [unknown, string] => [item, `${path}[${index}]`])
        : Object.entries(current).map(([key, item]): [unknown, string] => [
            item,
            /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`,
          ]);
      pending.push(...members.reverse());
    }
  }
  return found;
}
