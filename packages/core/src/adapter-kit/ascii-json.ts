const NON_ASCII = /[\u007f-\uffff]/g;

/**
 * `JSON.stringify` as Python's `json.dumps(separators=(',', ':'))` with `ensure_ascii` writes it
 * (PyJWT's payload encoding): no spaces, every character outside printable ASCII as a lowercase
 * `\uXXXX` escape. So `"Alicé"` becomes `"Alic\u00e9"`, as in the reference's assertions.
 */
export function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(
    NON_ASCII,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
