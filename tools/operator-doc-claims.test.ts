// The operator docs against the code (tools/operator-doc-claims.ts): every log event of
// docs/logging.md's catalogue is one the sources write, at the level it says, and every event the
// sources write is in it; every variable of a `| variable |` table is read, and every variable read
// is in one; every `dual_auth.*` span, metric and attribute name is documented, and every one
// documented exists. A failure names the doc line or the source line to fix.
import { describe, expect, it } from 'vitest';
import {
  alertSignalWords,
  type DocumentedEvent,
  documentedEvents,
  documentedReasons,
  documentedTelemetryNames,
  documentedVariables,
  type EmittedEvent,
  emittedEvents,
  literalKeys,
  operatorDocs,
  packageSources,
  readVariables,
  type Source,
  sourceLiterals,
  telemetryNames,
} from './operator-doc-claims.ts';

const sources = packageSources();
// @dual-auth/testing is the test kit (a local IdP, emulators): its own settings are its README's.
const shipped = sources.filter((source) => !source.path.startsWith('packages/testing/'));
const docs = operatorDocs();
const logging = docs.find((doc) => doc.path === 'docs/logging.md') as Source;

/** The catalogue's rows that the code disagrees with, and the code's events it lacks. */
function eventMismatches(documented: readonly DocumentedEvent[], emitted: readonly EmittedEvent[]) {
  const byName = new Map<string, EmittedEvent[]>();
  for (const event of emitted) byName.set(event.name, [...(byName.get(event.name) ?? []), event]);
  const listed = new Set(documented.map((event) => event.name));
  const mismatches: string[] = [];
  for (const row of documented) {
    const written = byName.get(row.name) ?? [];
    if (row.levels.length === 0) {
      // A `—` row promises the event is never written.
      for (const event of written) {
        mismatches.push(
          `${row.name}: docs/logging.md:${row.line} says not emitted, ${event.where}`,
        );
      }
    } else if (written.length === 0) {
      mismatches.push(`${row.name}: docs/logging.md:${row.line} lists it, no source writes it`);
    } else {
      for (const event of written) {
        if (!row.levels.includes(event.level)) {
          mismatches.push(
            `${row.name}: docs/logging.md:${row.line} says ${row.levels.join(' / ')}, ${event.where} writes ${event.level}`,
          );
        }
      }
    }
  }
  for (const [name, written] of byName) {
    if (!listed.has(name)) {
      mismatches.push(
        `${name}: written at ${written[0]?.where}, not in docs/logging.md's catalogue`,
      );
    }
  }
  return mismatches;
}

describe('docs/logging.md, the event catalogue', () => {
  const { events, unresolved, unusedIndirections } = emittedEvents(sources);

  it('knows the event of every logger call (a literal, or an indirection of EVENT_INDIRECTIONS)', () => {
    expect(unresolved).toEqual([]);
    expect(unusedIndirections).toEqual([]);
    expect(events.length).toBeGreaterThan(100);
  });

  it('lists every event the sources write, at the level they write it, and no other', () => {
    expect(eventMismatches(documentedEvents(logging.text), events)).toEqual([]);
  });

  it("lists every field a logger call writes in an object literal in its row's fields cell", () => {
    const rows = new Map(documentedEvents(logging.text).map((row) => [row.name, row]));
    const unlisted = events.flatMap((event) => {
      const row = rows.get(event.name);
      if (row === undefined || event.fields === undefined) return [];
      return event.fields.keys
        .filter((key) => !row.fields.has(key))
        .map(
          (key) =>
            `${event.name}.${key}: written at ${event.where}, not in docs/logging.md:${row.line}`,
        );
    });
    expect(unlisted).toEqual([]);
  });

  it('fails on a row whose event is gone, an unlisted event, a wrong level and an emitted "—" row', () => {
    const catalogue = [
      '| event | level | fields | where |',
      '|---|---|---|---|',
      '| `kept_event` | info | | |',
      '| `gone_event` | warn | | |',
      '| `x_{start,error}` | info / error | | |',
      '| `never_event` | — | — | not emitted |',
    ].join('\n');
    const written: EmittedEvent[] = [
      { name: 'kept_event', level: 'info', where: 'a.ts:1' },
      { name: 'x_start', level: 'info', where: 'a.ts:2' },
      { name: 'x_error', level: 'warn', where: 'a.ts:3' },
      { name: 'never_event', level: 'warn', where: 'a.ts:4' },
      { name: 'new_event', level: 'debug', where: 'a.ts:5' },
    ];
    expect(eventMismatches(documentedEvents(catalogue), written)).toEqual([
      'gone_event: docs/logging.md:4 lists it, no source writes it',
      'x_error: docs/logging.md:5 says error, a.ts:3 writes warn',
      'never_event: docs/logging.md:6 says not emitted, a.ts:4',
      "new_event: written at a.ts:5, not in docs/logging.md's catalogue",
    ]);
  });

  it('reads the fields of an object literal, and marks one that spreads another as open', () => {
    expect(literalKeys("{ a: 1, b, 'c.d': x(1, 2), e: { f: 1 } }")).toEqual({
      keys: ['a', 'b', 'c.d', 'e'],
      open: false,
    });
    expect(literalKeys('{ ...base(request), status_code: s }')).toEqual({
      keys: ['status_code'],
      open: true,
    });
    expect(literalKeys('fields')).toBeUndefined();
  });

  it('reads the event of literal, template, ternary and indirect logger calls', () => {
    const source = (path: string, text: string): Source => ({ path, text });
    const { events: found, unresolved: open } = emittedEvents([
      source('packages/x/src/a.ts', "logger.info('plain_event', {});\n"),
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a template literal, as source text
      source('packages/x/src/b.ts', 'this.logger.error(`${vendor}_token_error`, {});\n'),
      source('packages/x/src/c.ts', "log.warn(\n  ok ? 'yes_event' : 'no_event',\n  {},\n);\n"),
      source('packages/x/src/d.ts', 'logger.warn(someName, {});\n'),
      source('packages/x/src/e.ts', "// logger.info('commented_event')\nconsole.error('x y');\n"),
    ]);
    expect(found.map((event) => `${event.name} ${event.level}`)).toEqual([
      'plain_event info',
      '<vendor>_token_error error',
      'yes_event warn',
      'no_event warn',
    ]);
    expect(open).toEqual(['packages/x/src/d.ts:1: someName']);
  });
});

describe('environment variables', () => {
  const read = readVariables(shipped);
  const documented = documentedVariables(docs);

  it('every variable a `| variable |` table lists is read by the sources', () => {
    expect(documented.filter((row) => !read.has(row.name))).toEqual([]);
  });

  it('every variable the sources read is in a `| variable |` table of a doc or README', () => {
    const listed = new Set(documented.map((row) => row.name));
    expect(
      [...read].filter(([name]) => !listed.has(name)).map((entry) => entry.join(' at ')),
    ).toEqual([]);
  });

  it('fails on a read variable no table lists, and on a table row no source reads', () => {
    const code: Source[] = [
      {
        path: 'packages/x/src/a.ts',
        text: "const a = env.LISTED_VAR;\nread(env, 'NEW_VAR');\nthrow code('ERR_TLS_X');\n",
      },
    ];
    const markdown: Source[] = [
      {
        path: 'x.md',
        text: '| variable | meaning |\n|---|---|\n| `LISTED_VAR` | kept |\n| `GONE_VAR` | removed |\n',
      },
    ];
    expect([...readVariables(code).keys()]).toEqual(['LISTED_VAR', 'NEW_VAR']);
    expect(documentedVariables(markdown).map((row) => `${row.name} ${row.where}`)).toEqual([
      'LISTED_VAR x.md:3',
      'GONE_VAR x.md:4',
    ]);
  });
});

describe('OpenTelemetry names', () => {
  it('every dual_auth.* span, metric and attribute name the sources use is documented, and back', () => {
    const used = telemetryNames(shipped);
    const documented = documentedTelemetryNames(docs);
    expect(
      [...used].filter(([name]) => !documented.has(name)).map((entry) => entry.join(' at ')),
    ).toEqual([]);
    expect([...documented].filter((name) => !used.has(name))).toEqual([]);
  });
});

// Session 38 (opsmend): the docs gave only the OpenTelemetry names; an operator on Prometheus
// queries what its exporter writes. The rule (`.` as `_`, `_total` after a counter, no unit suffix
// on a histogram) was measured with @opentelemetry/exporter-prometheus; this keeps the table whole.
describe('docs/operations.md, the Prometheus names of the metrics', () => {
  const telemetry = sources.find((source) =>
    source.path.endsWith('core/src/telemetry/telemetry.ts'),
  );
  const namesOf = (type: string) => {
    const union =
      new RegExp(`export type ${type} =([^;]+);`).exec(telemetry?.text ?? '')?.[1] ?? '';
    return [...union.matchAll(/'([a-z_.]+)'/g)].map((m) => m[1] as string);
  };
  const operations = docs.find((doc) => doc.path === 'docs/operations.md')?.text ?? '';
  const rows = [...operations.matchAll(/^\| `([a-z_.]+)`(?: \(s\))? \| `([a-z_]+)`/gm)].map((m) => [
    String(m[1]),
    String(m[2]),
  ]);

  it('has one row per counter and histogram of core, with the name the exporter writes', () => {
    const counters = namesOf('TelemetryMetric');
    const histograms = namesOf('TelemetryHistogram');
    expect(counters.length).toBeGreaterThan(0);
    expect(histograms.length).toBeGreaterThan(0);
    const expected = [
      ...counters.map((name) => [name, `${name.replaceAll('.', '_')}_total`]),
      ...histograms.map((name) => [name, `${name.replaceAll('.', '_')}_bucket`]),
    ];
    const byName = (a: string[], b: string[]) => String(a[0]).localeCompare(String(b[0]));
    expect(rows.toSorted(byName)).toEqual(expected.toSorted(byName));
  });
});

describe('docs/operations.md, what to alert on', () => {
  const literals = sourceLiterals(shipped);
  const rows = documentedEvents(logging.text);

  it('every refusal reason a doc names for alerting is one the sources write', () => {
    const gone = documentedReasons(docs).filter(({ reason }) => !literals.has(reason));
    expect(gone.map(({ reason, where }) => `${reason} at ${where}`)).toEqual([]);
  });

  it('every word of an alert signal is a catalogued event, one of its fields, or a value the sources write', () => {
    const events = new Set(rows.map((row) => row.name));
    const fields = new Set(rows.flatMap((row) => [...row.fields]));
    const vendorForm = (word: string) => word.replace(/^[a-z0-9]+_/, '<vendor>_');
    const unknown = alertSignalWords(docs).filter(
      ({ word }) =>
        !events.has(word) &&
        !events.has(vendorForm(word)) &&
        !fields.has(word) &&
        !literals.has(word),
    );
    expect(unknown.map(({ word, where }) => `${word} at ${where}`)).toEqual([]);
  });
});
