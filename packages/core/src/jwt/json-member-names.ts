const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * How many object members `text`, JSON that `JSON.parse` accepted, writes: its `:` outside strings
 * (RFC 8259 §4: a colon outside a string only ever separates a member's name from its value). One
 * pass over the text, no allocation. Compared with the own keys the parse produced, it tells a
 * member named twice in one object (which `JSON.parse` silently collapses to the last), refused in
 * a JWT: RFC 7519 §4 (claim names MUST be unique), RFC 7515 §5.2 step 4 (header parameters).
 */
export function countJsonMembers(text: string): number {
  let members = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === COLON) members++;
    else if (code === QUOTE) i = closingQuote(text, i + 1);
  }
  return members;
}

// The index of the quote that ends the string opened just before `from`: the next quote not
// escaped (preceded by an even run of backslashes). Valid JSON always has one.
function closingQuote(text: string, from: number): number {
  for (let quote = text.indexOf('"', from); ; quote = text.indexOf('"', quote + 1)) {
    let backslashes = 0;
    while (text.charCodeAt(quote - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return quote;
  }
}
