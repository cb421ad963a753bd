import { REDACTED } from './redacted.js';

// Characters a reader never sees (Unicode Default_Ignorable_Code_Point: format characters such
// as U+200B and U+00AD, variation selectors, the combining grapheme joiner, Hangul fillers, bidi
// controls): an IdP's text may carry them inside a name or beside an at sign, and a log need not
// keep them.
const INVISIBLE = /\p{DI}/gu;

// Text is read a grapheme at a time: NFKC composes a letter with the marks after it, which a
// grapheme holds (`e` + U+0301, half-width kana with their voicing marks).
const GRAPHEMES = /* @__PURE__ */ (() =>
  new Intl.Segmenter(undefined, { granularity: 'grapheme' }))();

/** `text` without the characters a reader never sees (Unicode Default_Ignorable_Code_Point). */
export function visible(text: string): string {
  return text.replace(INVISIBLE, '');
}

// ASCII holds no invisible character (U+00AD is past it), and NFKC keeps it as it is.
const ASCII = /^\p{ASCII}*$/u;

/** What a reader sees of `text`: NFKC, without invisible characters. */
export function readable(text: string): string {
  if (ASCII.test(text)) return text;
  return visible(text).normalize('NFKC').replace(INVISIBLE, '');
}

/**
 * Text as it is searched (`text`: {@link readable}) and, for each of its characters, where it
 * comes from: `from[i]` is the index in `text` of the reading, or -1 for a character a redaction
 * put there; no `from` while nothing was redacted (each character is where it was read).
 */
export interface TrackedText {
  readonly text: string;
  readonly from?: readonly number[] | undefined;
}

/**
 * A text as written and as read: `reading` is the {@link readable} text, and each grapheme of the
 * written text without invisible characters is `written[k]`, read as `reading` from `starts[k]`
 * to `starts[k + 1]`.
 */
export interface TextReading {
  readonly reading: string;
  /** Whether the reading is the written text without invisible characters: most text is. */
  readonly asRead: boolean;
  readonly written: readonly string[];
  readonly starts: readonly number[];
}

/**
 * `text` read for a search ({@link readable}), grapheme by grapheme so that what is found maps
 * back to what was written; the whole text as one piece when reading its graphemes apart gives
 * another text than reading it whole (NFKC composing across graphemes: then a redaction anywhere
 * shows all of it as read).
 */
export function readText(text: string): TextReading {
  if (ASCII.test(text)) return { reading: text, asRead: true, written: [], starts: [] };
  const shown = visible(text);
  const reading = shown.normalize('NFKC').replace(INVISIBLE, '');
  if (reading === shown) return { reading, asRead: true, written: [], starts: [] };
  const written: string[] = [];
  const starts: number[] = [];
  let at = 0;
  for (const { segment } of GRAPHEMES.segment(text)) {
    const read = readable(segment);
    if (read === '') continue;
    if (reading.startsWith(read, at)) {
      written.push(visible(segment));
      starts.push(at);
      at += read.length;
      continue;
    }
    at = -1;
    break;
  }
  if (at !== reading.length) return { reading, asRead: false, written: [shown], starts: [0] };
  return { reading, asRead: false, written, starts };
}

/** `reading` as a {@link TrackedText} that nothing was redacted in yet. */
export function tracked(reading: string): TrackedText {
  // No array of origins until a redaction needs one: most text (a scope name) has none.
  return { text: reading };
}

/**
 * `tracked` with each match of `pattern` (global) for which `redacts` holds replaced by
 * `***REDACTED***`, as `String.prototype.replace` would, the origins kept alongside.
 */
export function redactMatches(
  tracked: TrackedText,
  pattern: RegExp,
  redacts: (match: RegExpExecArray) => boolean = () => true,
): TrackedText {
  let text = '';
  const from: number[] = [];
  let last = 0;
  const keep = (end: number) => {
    text += tracked.text.slice(last, end);
    const origins = tracked.from;
    for (let i = last; i < end; i++) from.push(origins === undefined ? i : (origins[i] ?? -1));
  };
  // `exec` on the pattern itself: `matchAll` makes a copy of the RegExp for each text, which was
  // most of the cost of a short one (a scope name). `redacts` may search with the same pattern
  // (a base64 run's text): where this search stands is set again after it.
  pattern.lastIndex = 0;
  // Whole code points, as `matchAll` steps: `unicode` is false for a `v` pattern.
  const byCodePoint = /[uv]/.test(pattern.flags);
  for (let match = pattern.exec(tracked.text); match !== null; match = pattern.exec(tracked.text)) {
    const { index } = match;
    const end = index + match[0].length;
    // An empty match moves on a character, as `matchAll` does.
    const next =
      end > index
        ? end
        : end + (byCodePoint && (tracked.text.codePointAt(end) ?? 0) > 0xffff ? 2 : 1);
    const redacted = redacts(match);
    pattern.lastIndex = next;
    if (!redacted) continue;
    keep(index);
    text += REDACTED;
    for (let i = 0; i < REDACTED.length; i++) from.push(-1);
    last = end;
  }
  if (last === 0 && text === '') return tracked;
  keep(tracked.text.length);
  return { text, from };
}

/**
 * The text of `redacted` (a redaction of `read.reading`) with each grapheme whose reading it kept
 * whole written as the IdP wrote it: only what is compared is NFKC, and a grapheme a redaction
 * cut into shows what is left of its reading.
 */
export function asWritten(read: TextReading, redacted: TrackedText): string {
  const { reading, asRead, written, starts } = read;
  if (asRead) return redacted.text;
  const kept = new Uint8Array(reading.length);
  const origins = redacted.from ?? Array.from({ length: redacted.text.length }, (_, i) => i);
  for (const at of origins) if (at >= 0) kept[at] = 1;
  const graphemeAt = new Int32Array(reading.length).fill(-1);
  starts.forEach((start, k) => {
    graphemeAt[start] = k;
  });
  let out = '';
  for (let j = 0; j < redacted.text.length; ) {
    const at = origins[j] ?? -1;
    const k = at >= 0 ? (graphemeAt[at] ?? -1) : -1;
    const end = k >= 0 ? (starts[k + 1] ?? reading.length) : 0;
    if (k >= 0 && kept.subarray(at, end).every((one) => one === 1)) {
      // Kept characters of the reading stay side by side: a redaction replaces a run whole.
      out += written[k];
      j += end - at;
    } else {
      out += redacted.text[j];
      j++;
    }
  }
  return out;
}
