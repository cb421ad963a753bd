// What ends the run a cut drops, tried in turn until text is left: a word, at an ASCII blank (no
// credential shape holds one but a header's folding onto its next line, RFC 9112 §5.2 obs-fold: a
// line end, then blanks, which a cut word takes with it); inside one word, the part after what
// ends a credential's value in a cookie or JSON and no email holds; else the part after a name's
// `:` or `=` (`Authorization:` of `Authorization:abcdefgh\r\n ijkl…`).
const RUN_ENDS = [/[\t-\r ]/, /[\s",;\\]/, /[\s",;\\:=]/];
const LINE_END = /[\n\r]/;

/**
 * `text` cut to at most `length` characters (UTF-16 units), for a RegExp to read a bounded start
 * of it (V8's engine throws `RangeError` on a greedy loop over megabytes), without the word the cut
 * split and each word folded onto the line after one that goes: the start of a credential or an
 * email cut short (`Bearer abcdefgh` of `Bearer abcdefgh\r\n ijkl…`) is too short to be recognised
 * as one. A line end at the cut may have begun a fold. Text that is one such word loses the part
 * after its last `"`, `,`, `;` or `\` (`user=alice.smith` of `token=…;user=alice.smith@…`), else
 * after its last `:` or `=`, else goes whole (`''`): its start may be a credential's whose name is
 * URL-encoded (`&access_token%3DZx9Q`, `Bearer%20Zx9Q`), too short for a rule to recognise, and a
 * start kept only when it reads as no credential would need every rule here to tell. Text within
 * `length` is returned as it is.
 */
export function cutText(text: string, length: number): string {
  if (text.length <= length) return text;
  for (const ends of RUN_ENDS) {
    let end = length;
    // The run the cut split, then each run a fold joins to one that went.
    for (let at = end; ; end = at) {
      while (end > 0 && !ends.test(text.charAt(end - 1))) end--;
      at = end;
      while (/[ \t]/.test(text.charAt(at - 1))) at--;
      if (!LINE_END.test(text.charAt(at - 1)) || (at === end && end < length)) break;
      while (LINE_END.test(text.charAt(at - 1))) at--;
    }
    const kept = text.slice(0, end);
    if (kept.trim() !== '') return kept;
  }
  return '';
}
