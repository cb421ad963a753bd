import { describe, expect, it } from 'vitest';
import { createJsonLogger } from './json-logger.js';

// A field value may come from a token or an answer someone else wrote (a scope name, an app's own
// field). JSON.stringify escapes C0 controls, quotes and lone surrogates, but writes U+2028,
// U+2029 and C1 controls such as NEL (U+0085) as they are: line breaks to many log shippers and
// viewers (Python's splitlines, a JavaScript line reader), and bidi overrides that reorder how a
// line reads. Each line must stay one line that reads as written.

// Every line terminator a reader of text may split on (Unicode, Python's str.splitlines).
// biome-ignore lint/suspicious/noControlCharactersInRegex: these line breaks are what is tested
const LINE_BREAK = /\r\n|[\n\v\f\r\u001c-\u001e\u0085\u2028\u2029]/;

describe('createJsonLogger against forged lines', () => {
  const hostile = [
    'u-1\u2028{"time":"2030-01-01T00:00:00.000Z","level":"info","event":"dual_auth_decision","decision":"ALLOW"}',
    'u-1\u2029forged',
    'u-1\u0085forged',
    'u-1\u009b31mred',
    'u-1\u202eDENY\u202c',
    'u-1\u2066x\u2069\u200f\ufeff',
  ];

  it.each(hostile)('keeps %j on one line of visible text, and the value as given', (value) => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (line) => lines.push(line) });
    logger.warn('dual_auth_decision', { scope: [value], human_id: value });
    expect(lines).toHaveLength(1);
    const line = lines[0] as string;
    expect(line.split(LINE_BREAK)).toEqual([line]);
    expect(line).not.toMatch(
      /[\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/,
    );
    // Still JSON, and the value reads back as it was given.
    expect(JSON.parse(line)).toMatchObject({ scope: [value], human_id: value });
  });
});

// Invisible format characters outside the ones listed above: the Unicode tag characters
// (U+E0001, U+E0020–U+E007F) spell hidden ASCII ("ASCII smuggling": `\u{E0041}` reads as an
// invisible `A` to some tools), Arabic number signs (U+0600–U+0605), musical format controls
// (U+1D173–U+1D17A). Each is a format character (`\p{Cf}`), as the guard refuses in an id and
// escapes in a scope name; a line must not carry them as they are either.
describe('createJsonLogger against hidden format characters', () => {
  const hidden = [
    'u-1\u{e0001}\u{e0041}\u{e0044}\u{e004d}\u{e0049}\u{e004e}\u{e007f}',
    'u-1\u0600\u0605\u06dd\u070f',
    'u-1\u{1d173}\u{1d17a}',
    'u-1\u{110bd}\u{13430}',
  ];

  it.each(hidden)('writes %j with no format character, the value as given', (value) => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (line) => lines.push(line) });
    logger.warn('dual_auth_decision', { scope: [value], [value]: value });
    const line = lines[0] as string;
    expect(line).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029]/u);
    expect(JSON.parse(line)).toMatchObject({ scope: [value], [value]: value });
  });

  it('reads back every code point of each escaped class as given', () => {
    const lines: string[] = [];
    const logger = createJsonLogger({ write: (line) => lines.push(line) });
    const every: string[] = [];
    for (let code = 0; code <= 0x10ffff; code += 1) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const char = String.fromCodePoint(code);
      if (/[\p{Cc}\p{Cf}\u2028\u2029]/u.test(char)) every.push(char);
    }
    // Lone surrogates too: JSON.stringify writes them as escapes.
    const values = [...every, '\ud800', '\udfff', 'a\ud83d', '\ude00b', '😀', '"\\'];
    logger.info('event', { values, [every.join('')]: 'key' });
    const line = lines[0] as string;
    expect(line).not.toMatch(/[\p{Cc}\p{Cf}\u2028\u2029]/u);
    const parsed = JSON.parse(line);
    expect(parsed.values).toEqual(values);
    expect(parsed[every.join('')]).toBe('key');
  });
});
