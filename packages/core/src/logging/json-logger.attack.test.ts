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
