// Where a field's value ends, for the rules that blank a value whole whatever its length
// (`redactQuotedCredentials`, redact.ts).

// A bare value (a form's, a header's) ends at a blank, `&`, `#`, a quote, `,`, `;`, `\`, `]` or
// `}`; after a URL-encoded separator (`%3D`, `%253D`), at a URL-encoded `&` too.
const BARE_END = /[\s&#"',;\\\]}]/;
const ENCODED_AMPERSAND = /%(?:25)*26/y;
// What closes a value that opens with other than a straight quote or a backtick: a typographic
// quote's pair, and an XML element's end tag (`<password>…</password>`).
const CLOSING: Record<string, string> = { '\u201c': '\u201d', '\u2018': '\u2019', '>': '<' };

/**
 * Where the value that starts at `from` in `text` ends: at the line end, and, opened by `quote`
 * (`"` or `'`), at its closing quote, a JSON `\"` inside it read as part of it; opened by an escaped
 * quote (`\"`, JSON inside a JSON string), at the next `\"`, its own escaped quote (`\\\"`) read as
 * part of it; opened by none (`quote` empty), at the end of a bare value. Reads each character
 * once.
 */
export function valueEnd(text: string, from: number, quote: string, encoded: boolean): number {
  const opening = quote.at(-1);
  const closing = opening === undefined ? undefined : (CLOSING[opening] ?? opening);
  const escaped = quote.length === 2;
  for (let i = from; i < text.length; i++) {
    const c = text[i] as string;
    if (c === '\n' || c === '\r') return i;
    if (closing === undefined) {
      if (BARE_END.test(c)) return i;
      ENCODED_AMPERSAND.lastIndex = i;
      if (encoded && c === '%' && ENCODED_AMPERSAND.test(text)) return i;
    } else if (c === '\\') {
      if (!escaped) i++;
      else if (text[i + 1] === closing) return i;
      else if (text[i + 1] === '\\') i += text[i + 2] === '\\' && text[i + 3] === closing ? 3 : 1;
    } else if (c === closing && !escaped) return i;
  }
  return text.length;
}
