/**
 * A short, printable form of a value that is NOT a secret (a vendor or backend name someone
 * mistyped), for error messages: control characters removed, at most 40 characters.
 */
export function describeValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
  const clean = value.replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return clean.length > 40 ? `${clean.slice(0, 40)}…` : clean;
}
