import { decodeBase64 } from '../adapter-kit/base64.js';
import { strictUtf8Decoder, utf8Encoder } from '../jwt/utf8.js';
import { cutText } from './cut-text.js';
import { isUtf8 } from './is-utf8.js';
import { scopeNamesBeside } from './people-beside-scopes.js';
import { MAX_READ_TEXT, REDACTED } from './redacted.js';
import {
  asWritten,
  readable,
  readText,
  redactMatches,
  type TrackedText,
  tracked,
  visible,
} from './text-reading.js';

// An email address as an IdP writes one in its text (invisible characters already gone): a local
// part (RFC 5322 §3.2.3 atext and dots, or a §3.2.4 quoted string), `@`, a domain or an address
// literal (RFC 5321 §4.1.3, `[10.0.0.1]`); the local part and the domain also in any script, with
// its combining marks (RFC 6531: `राहुल@उदाहरण.भारत`). The `@` also as a form field echoes it
// (`%40`, encoded again `%2540`, `%u0040`), as HTML writes it (`&#64;`, `&#x40;`, zero-padded or
// without the `;` an HTML parser does not need, `&commat;`, or escaped again: `&amp;#64;`), as
// JSON or a script escapes it written out (`\u0040`, `\u{40}`, `\x40`), or beside control characters (C0 ones `safeRemoteText` turns into spaces
// afterwards, C1 ones such as U+0085). Full-width at signs are `@` after NFKC.
const EMAIL =
  /("[^"\r\n]{1,64}"|(?<![\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~.-])[\p{L}\p{M}\p{N}!#$%&'*+/=?^_`{|}~.-]+)\p{Cc}*(?:@|%(?:25){0,3}(?:40|u0040)|&(?:amp;)*(?:#0*64(?:;|(?!\d))|#x0*40(?:;|(?![\da-f]))|commat;)|\\+(?:u0040|u\{0*40\}|x40))\p{Cc}*(\[[^\]\s]{1,64}\]|[\p{L}\p{M}\p{N}-]+(?:\.[\p{L}\p{M}\p{N}-]+)*)/giu;
// A "domain" of one to three numbers is a version (`pkg@1.2.3`, `node@22`), not a host: too few
// parts for an IPv4 address (`jane@10.0.0.1` stays an email), perhaps after a `v` or before a
// SemVer 2.0.0 §9 pre-release part (`undici@v6.21.0`, `undici@6.21.0-rc.1`) whose parts after
// its first hold a digit: one of letters only is a top-level domain (`jane@1.2.3-rc.example`).
const VERSION = /^v?\d+(?:\.\d+){0,2}(?:-[\da-z-]+(?:\.[a-z-]*\d[\da-z-]*)*)?$/i;
// What may follow a version: the text's end, a space, or punctuation that closes a sentence or a
// bracket (a dot too, before a space or the end). Anything else may go on as a host whose dots the
// domain's characters stop at (`jane@163。com`, U+3002, an IDNA label separator; `163&#46;com`).
const AFTER_VERSION = /^(?:[\s,;:!?)\]}>'"`]|\.(?!\S)|$)/;
// Between the words of a name: any run of spaces or control characters (a line break becomes a
// space in the kept text; a no-break space prints as one), or none (invisible ones are gone), or
// the `_`, `-` and `.` a login or a handle joins them with (`alice_liddell`, `Alice-Liddell`).
const SPACE = /* @__PURE__ */ (() => String.raw`[\s\p{Cc}]`)();
const BETWEEN_WORDS = /* @__PURE__ */ (() => String.raw`[\s\p{Cc}._-]*`)();
// What may stand beside an id inside a longer word: an id found there is part of something else.
const WORD = /* @__PURE__ */ (() => String.raw`[\p{L}\p{N}._@-]`)();
// What may follow a person: no character of a word, and a dot only where the text ends, a space
// or punctuation follows it (the end of a sentence, `Jane Doe.`, an ellipsis); a dot before a
// word character goes on (`aliddell.example.com` is a host), which `endsWord` tells after a
// match (a second class in the RegExp would make each person's RegExp slower to compile).
const NOT_BEFORE_WORD = /* @__PURE__ */ (() => String.raw`(?![\p{L}\p{N}_@-])`)();
const DOT_GOES_ON = /^\.[\p{L}\p{N}_@-]/u;
const endsWord = ({ 0: found, index, input }: RegExpExecArray): boolean =>
  !DOT_GOES_ON.test(input.slice(index + found.length, index + found.length + 2));
// An id (a one-word value with a digit in it: `alice42`, `00u7q2w9`) at least this long is found
// inside a longer word too (`idalice42`, `tenant-00u7q2w9-prod`): no ordinary word holds it. A
// shorter one (`u-1`) would blank parts of other codes (`u-10`), and one of letters only (`jdoe`)
// parts of words.
const MIN_GLUED_LENGTH = 6;
// One word of a name of several words, alone (`Doe` of `Jane Doe`), at least this long: a shorter
// one (`Li`, `Al`) is a code or a scope word as often as a name.
const MIN_PART_LENGTH = 3;
// One word of a name is blanked alone only where it reads as a name: capitalised (`Doe`, `DOE`;
// `Grant`, not the `grant` of `invalid_grant` or `will` of `the token will expire`), or escaped as
// no ordinary word is (`N&uacute;&ntilde;ez`, `N%C3%BA%C3%B1ez`, `\u00c9mile`).
const READS_AS_NAME = /^[\p{Lu}\p{Lt}\\&%]/u;
// An id whose UTF-8 is at most this many bytes has a base64 shorter than a run `BASE64_RUN`
// decodes (`u-1` is `dS0x`): its base64 and base64url forms are compared with shorter runs.
const MAX_SHORT_BYTES = 8;
// A run of base64 or base64url: from 12 characters it may hold an email (`a@b.cd` is 8
// characters, 12 in base64) and is decoded; a shorter one may be a short id's (`MAX_SHORT_BYTES`).
const BASE64_RUN = /(?<![\w+/-])[\w+/-]{4,}={0,2}/g;
const MIN_DECODED_RUN = 12;
// The shortest one-word value of `people` matched: a value of 1 or 2 characters (an act's
// `locale: 'en'`, `acr: '1'`) names no one, and blanking it everywhere would hide codes and scopes.
const MIN_PERSON_LENGTH = 3;

function escapeRegExp(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, String.raw`\$&`);
}

/**
 * `text` (an IdP's words) with each of `people` (a human's id, email or name: case-insensitively,
 * as a whole word) and every email address (not a package version, `pkg@1.2.3`: a "domain" of
 * one to three numbers before a space, the end or closing punctuation, whose name is none of
 * `people`) replaced by `***REDACTED***`. A token endpoint may echo
 * who it was asked about (a client assertion's `act.sub`, a subject token's claims) in `error`,
 * `error_description` or any other field of its answer, and the session's rule is that no email or
 * name is logged or kept. The one rule for every adapter (through `safeRemoteText`) and the cli
 * doctor. Both are compared in NFKC (a decomposed or full-width name is the name: RFC 8265 §3.3.2
 * width mapping) without invisible characters, which the returned text lacks too; everything else
 * that is not redacted stays as written (`ﬁ²` stays `ﬁ²`), a character at a time as a reader sees
 * them (graphemes), and a grapheme a redaction cut into shows the rest of its NFKC form. A whole
 * word ends at a full stop or an ellipsis (`Jane Doe.`), not at a dot a word character follows.
 * A name of several words is also found with its words joined by `_`, `-` or `.`
 * (`alice_liddell`) or by nothing (`AliceLiddell`), surname first (`Liddell, Alice`,
 * `liddell_alice`), and each of its words
 * alone (a hyphen's parts apart) of 3 letters or more where it reads as a name: capitalised
 * (`Doe`, `DOE`; not `grant` in `invalid_grant`) or escaped (`N&uacute;&ntilde;ez`). An email's
 * local part is found alone (the login); an id of 6 characters or more with a digit in it also
 * inside a longer word (`idalice42`). A run of base64 whose text names one of them or an email is
 * blanked whole, as is the base64 or base64url of a one-word entry of up to 8 bytes (`dS0x` for
 * `u-1`). Blank entries of `people`, and one-word entries of 1 or 2 characters, are ignored.
 * A text longer than 1 MiB (1 048 576 characters) is read to there, less the word or the start of
 * a person the cut split, and ends in `…`.
 *
 * @example
 * withoutPersonalText('user ALICE@corp.example is disabled', ['u-1']);
 * // 'user ***REDACTED*** is disabled'
 */
export function withoutPersonalText(text: string, people: readonly string[] = NO_PEOPLE): string {
  const cut = cutText(text, MAX_READ_TEXT);
  const read = readText(cut === text ? text : withoutCutPerson(cut, people));
  const named = read.reading;
  const found = patternsOf(people);
  const kept = withoutPeople(tracked(named), found);
  // A RegExp too large for the engine: nothing of the text is kept rather than the person.
  if (kept === undefined) return REDACTED;
  const shown = asWritten(
    read,
    redactMatches(kept, BASE64_RUN, ([run]) => namesSomeone(run, found)),
  );
  return cut === text ? shown : `${shown}…`;
}

const NO_PEOPLE: readonly string[] = [];

// The patterns of each `people` array asked about, with the entries they were made of: kept only
// as long as the array is (a caller holding its people asks again and again: the client's route
// once per URL segment), never by name, and made again when its entries changed since. Making
// them (written forms, RegExps) cost more than the search: 3 people, ~110 → ~50 µs a call. The
// words of a name alone and the short ids' base64 (session 29) cost 3 people, a name with accents,
// 36 → 39 µs CPU a call with the same array and 120 → 139 µs with a new one (the bench's text,
// least of 45 rounds each in alternating processes); the ASCII text's shortcut in `readText` and
// `readable` pays part of it.
// A token's 2 300 scope names, read on each request by resource's audit record: ~40 → ~6 ms CPU
// (session 31: no decoder for bytes that are no UTF-8, no copy of each RegExp per search, no array
// of origins until a redaction; the bench's `pnpm bench` line).
const compiled = new WeakMap<readonly string[], [entries: string[], found: People]>();

/**
 * What a `people` array is searched for by: each person whole (`patterns`), one word of a name of
 * several alone (`parts`), and the base64 forms of the short ids, unpadded (`encoded`).
 */
interface People {
  readonly patterns: Pattern[];
  readonly parts?: Pattern | undefined;
  readonly encoded: ReadonlySet<string>;
}

// The people as patterns, longest first: a shorter one blanked first (an email's login `alice`)
// would leave the rest of a longer one that holds it (`Alice Liddell` read as `*** Liddell`).
function patternsOf(people: readonly string[]): People {
  const known = compiled.get(people);
  if (known?.[0].length === people.length && known[0].every((entry, i) => entry === people[i])) {
    return known[1];
  }
  const named = wordsOf(withWrittenForms(people));
  const patterns = named
    .map((words) => ({ length: words.join(' ').length, ...personSource(words) }))
    .sort((a, b) => b.length - a.length);
  const parts = partsPattern(named, scopeNamesBeside(people));
  const found = { patterns, parts, encoded: encodedForms(named) };
  // A caller without types may pass something else: read as before, not kept.
  if (Array.isArray(people)) compiled.set(people, [[...people], found]);
  return found;
}

// A person's words as a RegExp source: as a whole word, or an id with a digit anywhere (not a
// word whose digits are its escapes' only: `Jos%C3%A9`, `Jos&#233;`).
function personSource(words: readonly string[]): { source: string; whole: boolean } {
  const [id = '', ...more] = words;
  if (more.length === 0 && id.length >= MIN_GLUED_LENGTH && /^[^%&\\]*\p{N}[^%&\\]*$/u.test(id)) {
    return { source: escapeRegExp(id), whole: false };
  }
  return { source: `(?<!${WORD})${spelled(words)}${NOT_BEFORE_WORD}`, whole: true };
}

// Alternatives of one RegExp source, the longer first where one begins another.
const anyOf = (forms: Iterable<string>): string =>
  [...forms]
    .sort((a, b) => b.length - a.length)
    .map(escapeRegExp)
    .join('|');

// A word of a name as written: at least `MIN_PART_LENGTH` letters with their marks, apostrophes
// (`O'Brien`), or letters JSON- or HTML-escaped (`\u00e9`, `&eacute;`, `&#233;`, `&#xe9;`).
const NAME_PART = /* @__PURE__ */ (() =>
  new RegExp(
    String.raw`^(?:[\p{L}\p{M}'’]|\\u[\da-f]{4}|&(?:[a-z]+|#\d+|#x[\da-f]+);){${MIN_PART_LENGTH},}$`,
    'iu',
  ))();

// Each word of a name of several words (a hyphen's parts apart: `Liddell-Núñez`), in the written
// forms of the name (`named`: JSON- and HTML-escaped, without accents, each cased; and
// percent-encoded, `N%C3%BA%C3%B1ez`), made of letters and at least `MIN_PART_LENGTH` of them,
// as one pattern; not one of `scopes` (requested scope names, lower-cased: `peopleBesideScopes`
// kept the people beside them). A value past `MAX_SPACED_WORDS` words or `MAX_SPACED_LENGTH`
// characters is no name.
function partsPattern(
  named: readonly (readonly string[])[],
  scopes: ReadonlySet<string> = new Set(),
): Pattern | undefined {
  // The forms by their lower case (the search ignores case), and each word seen as written.
  const forms = new Map<string, string>();
  const seen = new Set<string>();
  for (const words of named) {
    if (words.length < 2 || words.length > MAX_SPACED_WORDS) continue;
    if (words.join(' ').length > MAX_SPACED_LENGTH) continue;
    for (const word of words) {
      for (const part of word.split('-')) {
        if (seen.has(part)) continue;
        seen.add(part);
        const known = part.toLowerCase();
        if (scopes.has(known) || !NAME_PART.test(part)) continue;
        forms.set(known, part);
        // Percent-encoded too: its escapes differ with the letters' case (`%C3%BA`, `%C3%9A`).
        if (/[^\x21-\x7e]/.test(part)) {
          const encoded = encodeURIComponent(part);
          forms.set(encoded.toLowerCase(), encoded);
        }
      }
    }
  }
  if (forms.size === 0) return undefined;
  return {
    length: MIN_PART_LENGTH,
    source: `(?<!${WORD})(?:${anyOf(forms.values())})${NOT_BEFORE_WORD}`,
    whole: true,
  };
}

// The base64 and base64url forms (unpadded: padding may follow) of the one-word values of
// `named` short enough that a run of them is shorter than `BASE64_RUN` decodes, as written,
// lower- and upper-cased.
function encodedForms(named: readonly (readonly string[])[]): Set<string> {
  const forms = new Set<string>();
  for (const [id = '', ...more] of named) {
    // UTF-8 takes at least one byte a character.
    if (more.length > 0 || id.length > MAX_SHORT_BYTES) continue;
    for (const cased of new Set([id, id.toLowerCase(), id.toUpperCase()])) {
      // ASCII is its own UTF-8, which `btoa` reads as it is.
      const bytes = /^\p{ASCII}*$/u.test(cased) ? cased : binary(utf8Encoder.encode(cased));
      if (bytes.length > MAX_SHORT_BYTES) continue;
      const encoded = btoa(bytes).replace(/=+$/, '');
      forms.add(encoded).add(encoded.replace(/\+/g, '-').replace(/\//g, '_'));
    }
  }
  return forms;
}

// Bytes as a string of one character each, as `btoa` reads them.
const binary = (bytes: Uint8Array): string => String.fromCharCode(...bytes);

/**
 * A person of `people` as a RegExp source, how long the shortest text holding them is, whether
 * it is found as a whole word only (then a dot after it must end the word: {@link endsWord}), and
 * its RegExp (global) once made: at its first use, where one too large for the engine throws.
 */
interface Pattern {
  readonly length: number;
  readonly source: string;
  readonly whole: boolean;
  regexp?: RegExp;
}

// The pattern's RegExp, made at its first use, and which of its matches are the person.
function matchesOf(pattern: Pattern): [RegExp, (match: RegExpExecArray) => boolean] {
  pattern.regexp ??= new RegExp(pattern.source, 'giu');
  return [pattern.regexp, pattern.whole ? endsWord : () => true];
}

// `text` without the people of `patterns` and emails; undefined when a RegExp of a person is too
// large for the engine (its SyntaxError, which quotes the person, is not thrown: V8 compiles a
// RegExp at its first use, so both are caught).
function withoutPeople(text: TrackedText, found: People): TrackedText | undefined {
  let named = text;
  // The people compiled, whole: a version's name may be one of them (`aliddell@2`), as their
  // words stop at an `@` above.
  const sources: string[] = [];
  for (const pattern of found.patterns) {
    const { length, source } = pattern;
    // Longer than the text, it cannot be in it (and its RegExp could be too large to compile).
    if (length > named.text.length) continue;
    try {
      named = redactMatches(named, ...matchesOf(pattern));
    } catch {
      return undefined;
    }
    sources.push(`^(?:${source})$`);
  }
  // One word of a name alone, after the whole names that hold it.
  if (found.parts !== undefined) {
    try {
      const [regexp, ends] = matchesOf(found.parts);
      named = redactMatches(named, regexp, (match) => READS_AS_NAME.test(match[0]) && ends(match));
    } catch {
      return undefined;
    }
  }
  let people: RegExp[] | undefined;
  const isPerson = (name: string) => {
    try {
      people ??= sources.map((source) => new RegExp(source, 'iu'));
      return people.some((person) => person.test(name));
    } catch {
      // Too large for the engine after all: not kept.
      return true;
    }
  };
  const after = named.text;
  return redactMatches(
    named,
    EMAIL,
    ({ 0: email, 1: name = '', 2: domain = '', index: at }) =>
      !(
        VERSION.test(domain) &&
        AFTER_VERSION.test(after.slice(at + email.length, at + email.length + 2)) &&
        !isPerson(name)
      ),
  );
}

// Whether a base64 run is a short id's, or decodes to UTF-8 text that names one of `people` or
// holds an email.
function namesSomeone(run: string, found: People): boolean {
  const unpadded = run.replace(/=+$/, '');
  if (unpadded.length < MIN_DECODED_RUN) return found.encoded.has(unpadded);
  const padded = unpadded.replace(/-/g, '+').replace(/_/g, '/');
  // A last lone character holds no whole byte.
  const whole = padded.length % 4 === 1 ? padded.slice(0, -1) : padded;
  let decoded: string;
  try {
    const bytes = decodeBase64(whole);
    // Most runs of base64's alphabet in a scope name are words and paths (`resource/tenant-7`)
    // whose bytes are no UTF-8: told so by a loop over their bytes, they never reach a decoder,
    // whose call and throw for each were most of the cost of a name (session 31).
    if (!isUtf8(bytes)) return false;
    // Core's one strict decoder for every run (making one per run cost more than the decoding).
    decoded = readable(strictUtf8Decoder.decode(bytes));
  } catch {
    return false;
  }
  return withoutPeople(tracked(decoded), found)?.text !== decoded;
}

// Escapes of JSON and of scripts (`\u00e9`), for each UTF-16 unit not printable ASCII.
const jsonEscaped = (text: string): string =>
  text.replace(/[^ -~]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

// HTML's named character references (WHATWG HTML §13.5) of a Latin letter with one accent: the
// letter, then the accent's name (`&eacute;`, `&Aring;`, `&scaron;`).
const ACCENT_NAMES: Readonly<Record<string, string>> = {
  '\u0300': 'grave',
  '\u0301': 'acute',
  '\u0302': 'circ',
  '\u0303': 'tilde',
  '\u0304': 'macr',
  '\u0306': 'breve',
  '\u0307': 'dot',
  '\u0308': 'uml',
  '\u030a': 'ring',
  '\u030b': 'dblac',
  '\u030c': 'caron',
  '\u0327': 'cedil',
  '\u0328': 'ogon',
};
// The Latin-1 letters with a reference of their own.
const LETTER_NAMES: Readonly<Record<string, string>> = {
  ß: 'szlig',
  æ: 'aelig',
  Æ: 'AElig',
  ø: 'oslash',
  Ø: 'Oslash',
  œ: 'oelig',
  Œ: 'OElig',
  ð: 'eth',
  Ð: 'ETH',
  þ: 'thorn',
  Þ: 'THORN',
};

// A character as HTML writes it by name (`é` → `&eacute;`), or its decimal reference.
function htmlReference(c: string): string {
  const own = LETTER_NAMES[c];
  if (own !== undefined) return `&${own};`;
  const [letter = '', accent = '', ...more] = c.normalize('NFD');
  const name = ACCENT_NAMES[accent];
  if (/^[a-z]$/i.test(letter) && name !== undefined && more.length === 0) {
    return `&${letter}${name};`;
  }
  return `&#${c.codePointAt(0)};`;
}

// HTML-escaped, each character not printable ASCII by name (or decimal), as decimal, as hex.
const htmlEscaped = (text: string): string[] => {
  const escaped = (reference: (c: string) => string) => text.replace(/[^ -~]/gu, reference);
  return [
    escaped(htmlReference),
    escaped((c) => `&#${c.codePointAt(0)};`),
    escaped((c) => `&#x${(c.codePointAt(0) ?? 0).toString(16)};`),
  ];
};

// A Latin name without its accents (`José Núñez` → `Jose Nunez`), when that leaves ASCII only:
// another script's marks are part of its letters.
function asciiFolded(text: string): string[] {
  const folded = text.normalize('NFD').replace(/\p{M}/gu, '');
  return /^[\x20-\x7e]+$/.test(folded) ? [folded] : [];
}

/**
 * `people` and the forms an IdP's text may echo them in when it quotes what it read from a form,
 * a URL or JSON (a username, a `login_hint`): percent-encoded (`Jos%C3%A9%20N%C3%BA%C3%B1ez`),
 * with `+` or `%20` for a space, JSON-escaped (`Jos\u00e9`), HTML-escaped (`Jos&eacute;`,
 * `Jos&#233;`, `Jos&#xe9;`: an error page), each also of the name upper- and lower-cased (an
 * escape's code point changes with the case, which the search's `i` does not see), and without its
 * accents (`Jose Nunez`, as a directory that keeps ASCII only has it). Only the forms that differ
 * from the entry are added.
 */
function withWrittenForms(people: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const person of people) {
    if (typeof person !== 'string') continue;
    forms.add(person);
    // ASCII without spaces reads the same in every form: nothing to add.
    if (!/[^\x21-\x7e]/.test(person)) continue;
    for (const cased of new Set([person, person.toLowerCase(), person.toUpperCase()])) {
      const encoded = encodeURIComponent(cased);
      for (const form of [
        encoded,
        encoded.replace(/%20/g, '+'),
        cased.replace(/ /g, '%20'),
        cased.replace(/ /g, '+'),
        jsonEscaped(cased),
        ...htmlEscaped(cased),
        ...asciiFolded(cased),
      ]) {
        if (form !== person) forms.add(form);
      }
    }
  }
  return [...forms];
}

// Each entry of `people` as read (`readable`), as its words, with the local part of an email
// among them (the login an IdP may echo alone); blank ones and one-word ones too short to name
// anyone left out.
function wordsOf(people: readonly string[]): string[][] {
  const values = people
    .map((person) => (typeof person === 'string' ? readable(person).trim() : ''))
    .flatMap((id) => {
      const at = id.lastIndexOf('@');
      return at > 0 && !/\s/u.test(id) ? [id, id.slice(0, at)] : [id];
    });
  return values
    .map((id) => id.split(/\s+/u))
    .filter((words) => words.length > 1 || (words[0] ?? '').length >= MIN_PERSON_LENGTH);
}

// Past these a value is no name (an act's `sub` is at most 256 characters): matched as written,
// as a RegExp with one class per word gap grows slow and then fails to compile.
const MAX_SPACED_LENGTH = 256;
const MAX_SPACED_WORDS = 16;

// A person's words as a RegExp source: any spacing between them, for a name; a name of several
// words also surname first, as directories and logins list people (`Liddell, Alice`,
// `liddell_alice`).
function spelled(words: readonly string[]): string {
  if (words.length > MAX_SPACED_WORDS || words.join(' ').length > MAX_SPACED_LENGTH) {
    return escapeRegExp(words.join(' '));
  }
  const escaped = words.map(escapeRegExp);
  const inOrder = escaped.join(BETWEEN_WORDS);
  if (words.length === 1) return inOrder;
  const last = escaped[escaped.length - 1] ?? '';
  const rest = escaped.slice(0, -1).join(BETWEEN_WORDS);
  // The comma in a group of its own: two runs side by side would try every split of a long one.
  return `(?:${inOrder}|${last}(?:${BETWEEN_WORDS},)?${BETWEEN_WORDS}${rest})`;
}

// The text's words and the runs between them, as `split` with a capture gives them.
const SPLIT_WORDS = /* @__PURE__ */ (() => new RegExp(`(${SPACE}+)`, 'u'))();

/**
 * `text`, cut at a length, without a start of one of `people` it ends with: a name of several
 * words that the cut split keeps its first words (`José ` of `José Núñez`), which
 * {@link withoutPersonalText} no longer recognises. Only for the end of a cut text. Compared word
 * by word (no RegExp of the name: one nested group per word would not compile for a long one).
 */
export function withoutCutPerson(text: string, people: readonly string[]): string {
  let kept = visible(text);
  for (const words of wordsOf(people)) {
    if (words.length >= 2) kept = withoutStartOf(kept, words);
  }
  return kept;
}

// `text` without its last words when they are the first words of `words` (case-insensitively).
function withoutStartOf(text: string, words: readonly string[]): string {
  const parts = text.split(SPLIT_WORDS);
  // Words are at even indexes, the runs between them at odd ones; a last empty word is no word.
  let last = parts.length - 1;
  if (parts[last] === '') last -= 2;
  for (let count = Math.min(words.length - 1, Math.floor(last / 2) + 1); count > 0; count--) {
    const first = last - 2 * (count - 1);
    const same = words
      .slice(0, count)
      .every(
        (word, i) => word.toLowerCase() === readable(parts[first + 2 * i] ?? '').toLowerCase(),
      );
    if (same) return parts.slice(0, first).join('');
  }
  return text;
}
