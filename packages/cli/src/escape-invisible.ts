// Control characters (C0, DEL, C1: \p{Cc}), format characters (\p{Cf}: the bidirectional marks,
// embeddings, overrides and isolates U+061C, U+200E/F, U+202A–E, U+2066–9, zero-width characters,
// the BOM, tags) and the line and paragraph separators: a token is attacker-chosen text, and any
// of these can move the cursor, retitle the terminal or make a claim read as another.
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu;

function escapeCodeUnits(character: string): string {
  let escaped = '';
  for (let i = 0; i < character.length; i++) {
    escaped += `\\u${character.charCodeAt(i).toString(16).padStart(4, '0')}`;
  }
  return escaped;
}

/**
 * `text` with every control, format and line/paragraph-separator character written as `\uXXXX`
 * (a character beyond U+FFFF as its two UTF-16 escapes), so that what a terminal shows is what
 * the text holds. Line breaks are escaped too: a caller that prints lines escapes each line.
 *
 * @example
 * escapeInvisible('a\u202eevil\u009b31m'); // 'a\\u202eevil\\u009b31m'
 */
export function escapeInvisible(text: string): string {
  return text.replace(INVISIBLE, escapeCodeUnits);
}

/**
 * `JSON.stringify(value, null, 2)` with {@link escapeInvisible} applied, keeping JSON's own line
 * breaks: still JSON that parses to `value` (JSON escapes C0 controls itself, but prints C1
 * controls, bidirectional overrides and the other format characters raw).
 *
 * @example
 * printableJson({ sub: 'a\u202eb' }); // '{\n  "sub": "a\\u202eb"\n}'
 */
export function printableJson(value: unknown): string {
  return JSON.stringify(value, null, 2).split('\n').map(escapeInvisible).join('\n');
}
