// A word ends at an ASCII blank: no credential shape holds one but a header's folding onto its next
// line (RFC 9112 §5.2 obs-fold: a line end, then blanks), which a cut word takes with it.
const isLineEnd = (c?: string): boolean => c === '\n' || c === '\r';
// What ends the run a cut drops, tried in turn until text is left: a word; inside one word, the
// part after what ends a credential's value in a cookie or JSON and no email holds; else the part
// after a name's `:` or `=` (`Authorization:` of `Authorization:abcdefgh\r\n ijkl…`).
const RUN_ENDS = [/[\t-\r ]/, /[\s",;\\]/, /[\s",;\\:=]/];

// Where the run of characters before `end` that `ends` matches none of starts.
function runStart(text: string, end: number, ends: RegExp): number {
  let start = end;
  while (start > 0 && !ends.test(text.charAt(start - 1))) start--;
  return start;
}

// Where `text` cut at `length` ends without the run the cut split (of characters `ends` matches
// none of) and each run folded onto the line after one that goes.
function withoutCutRun(text: string, length: number, ends: RegExp): number {
  let end = length;
  for (;;) {
    end = runStart(text, end, ends);
    let blanks = end;
    while (text[blanks - 1] === ' ' || text[blanks - 1] === '\t') blanks--;
    if (!isLineEnd(text[blanks - 1]) || (blanks === end && end < length)) return end;
    end = blanks;
    while (isLineEnd(text[end - 1])) end--;
  }
}

/**
 * `text` cut to at most `length` characters (UTF-16 units), for a RegExp to read a bounded start
 * of it (V8's engine throws `RangeError` on a greedy loop over megabytes), without the word the cut
 * split and each word folded onto the line after one that goes: the start of a credential or an
 * email cut short (`Bearer abcdefgh` of `Bearer abcdefgh\r\n ijkl…`) is too short to be recognised
 * as one. A line end at the cut may have begun a fold. Text that is one such word loses the part
 * after its last `"`, `,`, `;` or `\` (`user=alice.smith` of `token=…;user=alice.smith@…`), else
 * after its last `:` or `=`, else keeps its start; text within `length` is returned as it is.
 */
export function cutText(text: string, length: number): string {
  if (text.length <= length) return text;
  for (const ends of RUN_ENDS) {
    const kept = text.slice(0, withoutCutRun(text, length, ends));
    if (kept.trim() !== '') return kept;
  }
  return text.slice(0, length);
}
