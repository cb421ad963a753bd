/**
 * JSON text as Python's `json.dumps` writes it with its defaults (`", "` and `": "` separators,
 * non-ASCII escaped as `\uXXXX`), so a multi-field Vault secret reads the same as with the
 * Python library. Numbers are written as JavaScript prints them.
 */
export function pythonJsonDumps(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(', ')}]`;
  if (typeof value === 'object' && value !== null) {
    const fields = Object.entries(value).map(
      ([key, field]) => `${pythonJsonDumps(key)}: ${pythonJsonDumps(field)}`,
    );
    return `{${fields.join(', ')}}`;
  }
  if (typeof value === 'string') {
    return JSON.stringify(value).replace(
      /[\u007f-\uffff]/g,
      (char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  }
  return JSON.stringify(value) ?? 'null';
}
