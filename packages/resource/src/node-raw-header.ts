/**
 * Every value of header `name` in a Node request's `rawHeaders` (name/value pairs as received),
 * joined with ", " as `Headers` joins them. Node's parsed `headers` keeps only the first
 * `Authorization` line and drops the rest, which would let a valid token hide a second
 * credential; the raw list shows them all. Names compare without case.
 */
export function rawHeader(rawHeaders: readonly string[], name: string): string | undefined {
  const wanted = name.toLowerCase();
  let value: string | undefined;
  for (let index = 0; index + 1 < rawHeaders.length; index += 2) {
    if ((rawHeaders[index] as string).toLowerCase() !== wanted) continue;
    const next = rawHeaders[index + 1] as string;
    value = value === undefined ? next : `${value}, ${next}`;
  }
  return value;
}
