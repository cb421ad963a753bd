// What the operator docs promise, read mechanically, beside what the sources do: the log events of
// docs/logging.md (name and level), the environment variables of every `| variable |` table, and
// the OpenTelemetry `dual_auth.*` names. tools/operator-doc-claims.test.ts compares them, so a doc
// row whose event or variable the code no longer has, and an event or variable the code gained
// that no doc lists, fail `pnpm test`. Plain text reading (no TypeScript program): it runs in
// well under a second.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

export const root = join(import.meta.dirname, '..');

export type Level = 'debug' | 'info' | 'warn' | 'error';

/** A source file: its path from the repository root and its text. */
export interface Source {
  readonly path: string;
  readonly text: string;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return entry.name === 'node_modules' ? [] : walk(path);
    return [path];
  });
}

/** The shipped sources of every package: `src/**.ts` without tests. */
export function packageSources(): Source[] {
  const packages = join(root, 'packages');
  return readdirSync(packages).flatMap((name) => {
    const src = join(packages, name, 'src');
    let files: string[];
    try {
      files = walk(src);
    } catch {
      return [];
    }
    return files
      .filter((file) => file.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(file))
      .map((file) => ({ path: relative(root, file), text: readFileSync(file, 'utf8') }));
  });
}

/** The operator-facing markdown: docs/*.md and every package's README. */
export function operatorDocs(): Source[] {
  const docs = readdirSync(join(root, 'docs'))
    .filter((name) => name.endsWith('.md'))
    .map((name) => join(root, 'docs', name));
  const readmes = readdirSync(join(root, 'packages')).map((name) =>
    join(root, 'packages', name, 'README.md'),
  );
  return [...docs, ...readmes].flatMap((file) => {
    try {
      return [{ path: relative(root, file), text: readFileSync(file, 'utf8') }];
    } catch {
      return [];
    }
  });
}

/** `a_{b,c}` → `a_b`, `a_c` (the catalogue's shorthand). */
export function expandBraces(name: string): string[] {
  const match = /^(.*)\{([^}]+)\}(.*)$/.exec(name);
  if (match === null) return [name];
  const [, head, alternatives, tail] = match as unknown as [string, string, string, string];
  return alternatives.split(',').flatMap((alt) => expandBraces(`${head}${alt.trim()}${tail}`));
}

/** The cells of a markdown table row, or undefined when the line is not one. */
export function tableCells(line: string): string[] | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('|') || !trimmed.endsWith('|')) return undefined;
  // A `|` inside backticks is text, not a cell border.
  const cells: string[] = [];
  let cell = '';
  let code = false;
  for (const char of trimmed.slice(1, -1)) {
    if (char === '`') code = !code;
    if (char === '|' && !code) {
      cells.push(cell.trim());
      cell = '';
    } else cell += char;
  }
  cells.push(cell.trim());
  return cells;
}

/** A body row of a markdown table: its cells, and its line number (from 1). */
export interface TableRow {
  readonly cells: readonly string[];
  readonly line: number;
}

/**
 * The body rows of every table of `markdown` whose header row starts with the cells `header`
 * (`['event', 'level']`), its `|---|` row left out.
 */
export function rowsOfTable(markdown: string, header: readonly string[]): TableRow[] {
  const rows: TableRow[] = [];
  let inTable = false;
  markdown.split('\n').forEach((text, index) => {
    const cells = tableCells(text);
    if (cells === undefined) {
      inTable = false;
    } else if (header.every((cell, i) => cells[i] === cell)) {
      inTable = true;
    } else if (inTable && !/^-+$/.test(cells[0] ?? '')) {
      rows.push({ cells, line: index + 1 });
    }
  });
  return rows;
}

/** The backticked words of a cell. */
export function codeSpans(cell: string): string[] {
  return [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1] as string);
}

/** A documented log event: its name (`<vendor>_x` stands for each vendor) and levels. */
export interface DocumentedEvent {
  readonly name: string;
  /** Empty for a row that says the event is never emitted (level `—`). */
  readonly levels: readonly Level[];
  /** The field names its fields cell writes in backticks. */
  readonly fields: ReadonlySet<string>;
  readonly line: number;
}

function isLevel(word: string): word is Level {
  return word === 'debug' || word === 'info' || word === 'warn' || word === 'error';
}

/**
 * The rows of every `| event | level | … |` table of a markdown text: each name of the first
 * cell, brace forms expanded, with the level of the second. `info / info / error` beside
 * `x_{start,success,error}` pairs in turn; `info / warn` beside one name is both.
 */
export function documentedEvents(markdown: string): DocumentedEvent[] {
  return rowsOfTable(markdown, ['event', 'level']).flatMap(({ cells, line }) => {
    const names = codeSpans(cells[0] ?? '').flatMap(expandBraces);
    const levels = (cells[1] ?? '')
      .split('/')
      .map((level) => level.trim())
      .filter(isLevel);
    const inTurn = levels.length > 1 && names.length % levels.length === 0;
    const fields = new Set(
      codeSpans(cells[2] ?? '').filter((word) => /^[a-z_][a-z0-9_.]*$/.test(word)),
    );
    return names.map((name, i) => ({
      name,
      levels: inTurn ? [levels[i % levels.length] as Level] : levels,
      fields,
      line,
    }));
  });
}

/** An event a logger call writes: its name (`<vendor>_x` for a name built from the vendor). */
export interface EmittedEvent {
  readonly name: string;
  readonly level: Level;
  readonly where: string;
  /** The fields the call writes as far as its literal shows them; undefined when not a literal. */
  readonly fields?: { readonly keys: readonly string[]; readonly open: boolean } | undefined;
}

/** The arguments of a call whose `(` is at `open`, as written. */
function callArguments(text: string, open: number): string[] {
  const args: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = open + 1;
  for (let i = open + 1; i < text.length; i += 1) {
    const char = text[i] as string;
    if (quote !== undefined) {
      if (char === '\\') i += 1;
      else if (char === quote) quote = undefined;
      continue;
    }
    if (char === "'" || char === '"' || char === '`') quote = char;
    else if ('([{'.includes(char)) depth += 1;
    else if (')]}'.includes(char)) {
      if (depth === 0) {
        const last = text.slice(start, i).trim();
        if (last !== '') args.push(last);
        return args;
      }
      depth -= 1;
    } else if (char === ',' && depth === 0) {
      args.push(text.slice(start, i).trim());
      start = i + 1;
    }
  }
  return args;
}

/**
 * The keys of an object literal as written (`{ a: 1, b, ...rest }` → `a`, `b`), and whether it
 * spreads another object (then it may hold more).
 */
export function literalKeys(literal: string): { keys: string[]; open: boolean } | undefined {
  if (!literal.startsWith('{') || !literal.endsWith('}')) return undefined;
  const parts = callArguments(`(${literal.slice(1, -1)})`, 0);
  const keys: string[] = [];
  let open = false;
  for (const part of parts) {
    if (part.startsWith('...')) open = true;
    else {
      const named =
        /^['"]?([A-Za-z_$][\w$.]*)['"]?\s*:/.exec(part) ?? /^([A-Za-z_$][\w$]*)$/.exec(part);
      if (named === null) open = true;
      else keys.push(named[1] as string);
    }
  }
  return { keys, open };
}

/** What a template's `${…}` prefix stands for, by the expression inside it. */
const TEMPLATE_PREFIXES: Record<string, readonly string[]> = {
  // The vendor's name (`keycloak`, `okta`, … and a plugin's): the catalogue's `<vendor>_x` rows.
  vendor: ['<vendor>'],
  'this.vendor': ['<vendor>'],
  'options.vendor': ['<vendor>'],
  'call.options.vendor': ['<vendor>'],
  'post.vendor': ['<vendor>'],
  'answer.vendor': ['<vendor>'],
  // The session's two token requests (packages/session/src/adapter-token-request.ts).
  flow: ['insession', 'outofsession'],
};

/** The event names a literal first argument (a string, a template or a `?:` of them) stands for. */
export function literalEvents(argument: string): string[] | undefined {
  const plain = /^'([a-z0-9_]+)'$/.exec(argument);
  if (plain !== null) return [plain[1] as string];
  const template = /^`\$\{([\w.#]+)\}(_[a-z0-9_]+)`$/.exec(argument);
  if (template !== null) {
    const prefixes = TEMPLATE_PREFIXES[template[1] as string];
    return prefixes?.map((prefix) => `${prefix}${template[2]}`);
  }
  const ternary = /^[^?`]+\?\s*'([a-z0-9_]+)'\s*:\s*'([a-z0-9_]+)'$/s.exec(argument);
  if (ternary !== null) return [ternary[1] as string, ternary[2] as string];
  return undefined;
}

/**
 * Logger calls whose event is not a literal at the call: where the names come from instead, read
 * from the sources with a pattern (so a name added there is checked too). Each must match at least
 * one name, or the test fails and this table needs updating.
 */
export const EVENT_INDIRECTIONS: Record<
  string,
  {
    readonly argument: string;
    readonly names: RegExp;
    readonly from?: 'package' | 'all';
    /** Where the call picks its level by the event too: the level of each name. */
    readonly levelOf?: (name: string) => Level;
  }
> = {
  // The audit record's name (AUDIT_EVENT_NAME), info on ALLOW and warn on DENY.
  'packages/core/src/audit/audit-event.ts': {
    argument: 'event',
    names: /AUDIT_EVENT_NAME = '([a-z_]+)'/g,
  },
  // Each API-call client's `initEvent()`.
  'packages/client/src/api-call.ts': {
    argument: 'this.initEvent()',
    names: /return '([a-z_]+_api_handler_init)'/g,
    from: 'package',
  },
  // The failure → event table beside the call.
  'packages/client/src/execute-call.ts': {
    argument: 'event[result.failure]',
    names: /^\s+\w+: '(api_call_[a-z_]+)',$/gm,
    // `options.logger[timedOut ? 'warn' : 'error']`: a timeout warns, every other failure errs.
    levelOf: (name) => (name === 'api_call_timeout' ? 'warn' : 'error'),
  },
  // The `event` of each assertion a subclass signs (`event: 'okta_client_assertion_created'`).
  'packages/core/src/adapter-kit/base-adapter.ts': {
    argument: 'options.event',
    names: /\bevent: '([a-z0-9_]+_assertion_created)'/g,
    from: 'all',
  },
  // The vendors' config-error events, named where they call withConfigErrorLog.
  'packages/core/src/adapter-kit/with-config-error-log.ts': {
    argument: 'event',
    names: /withConfigErrorLog\(\s*[\w.]+,\s*'([a-z0-9_]+)'/g,
    from: 'all',
  },
  // The reason → event table of ActJwtVerifier, and its fallback.
  'packages/session/src/act-jwt/act-jwt-verifier.ts': {
    argument: "EVENTS[error.reason] ?? 'jwt_invalid'",
    names: /^\s+\w+: '(jwt_[a-z_]+)',$|'(jwt_invalid)'/gm,
  },
  // The input checks' `invalid_input_…` events.
  'packages/session/src/adapter-token-request.ts': {
    argument: 'event',
    names: /logged\(\s*\w+,\s*'([a-z_]+)'/g,
  },
  // HybridSender's checks (`#logged('invalid_act', …)`).
  'packages/session/src/hybrid-sender.ts': {
    argument: 'event',
    names: /#logged\(\s*'([a-z_]+)'/g,
  },
};

/** Member calls named like a logger's that are not one: files that forward or are not loggers. */
const NOT_LOG_CALLS: ReadonlyArray<{ readonly path: RegExp; readonly argument?: string }> = [
  // The Logger interface itself, the default logger and the JSON logger forward `event` as given.
  { path: /^packages\/core\/src\/contracts\/logger\.ts$/ },
  { path: /^packages\/core\/src\/logging\// },
  // The doctor's logger for getConfig keeps warn messages and forwards every event as given.
  { path: /^packages\/cli\/src\/doctor\/config-warnings-logger\.ts$/, argument: 'event' },
  // A ReadableStream controller's `error(reason)`.
  { path: /^packages\/mcp\/src\/client\/body-ended-by\.ts$/, argument: 'signal.reason' },
  // @dual-auth/testing's emulators answer HTTP errors through a local `error(status, …)`.
  { path: /^packages\/testing\/src\/emulators\// },
];

/** Every logger call of the sources, resolved to its event names and level. */
export function emittedEvents(sources: readonly Source[]): {
  events: EmittedEvent[];
  unresolved: string[];
  unusedIndirections: string[];
} {
  const events: EmittedEvent[] = [];
  const unresolved: string[] = [];
  const usedIndirections = new Set<string>();
  const call = /(?:\.|\[\s*[^\]]*?'(debug|info|warn|error)'[^\]]*\])(debug|info|warn|error)?\(/g;
  for (const source of sources) {
    for (const match of source.text.matchAll(call)) {
      const index = match.index;
      const line = source.text.slice(0, index).split('\n').length;
      const lineText = source.text.split('\n')[line - 1] ?? '';
      if (/^\s*(\*|\/\/)/.test(lineText)) continue;
      if (/\bconsole$/.test(source.text.slice(Math.max(0, index - 8), index))) continue;
      const levels: Level[] =
        match[2] !== undefined
          ? [match[2] as Level]
          : [...match[0].matchAll(/'(debug|info|warn|error)'/g)].map((m) => m[1] as Level);
      if (levels.length === 0) continue;
      const args = callArguments(source.text, index + match[0].length - 1);
      const argument = args[0] ?? '';
      const fields = args[1] === undefined ? { keys: [], open: false } : literalKeys(args[1]);
      const where = `${source.path}:${line}`;
      if (
        NOT_LOG_CALLS.some((n) => n.path.test(source.path) && (n.argument ?? argument) === argument)
      )
        continue;
      let names = literalEvents(argument);
      const indirection = EVENT_INDIRECTIONS[source.path];
      if (names === undefined && indirection?.argument === argument) {
        usedIndirections.add(source.path);
        const pool =
          indirection.from === 'all'
            ? sources
            : indirection.from === 'package'
              ? sources.filter((s) => s.path.split('/')[1] === source.path.split('/')[1])
              : [source];
        names = pool.flatMap((s) =>
          [...s.text.matchAll(indirection.names)].flatMap((m) =>
            m.slice(1).filter((name): name is string => name !== undefined),
          ),
        );
        if (names.length === 0) names = undefined;
      }
      if (names === undefined) {
        unresolved.push(`${where}: ${argument}`);
        continue;
      }
      const levelOf = indirection?.argument === argument ? indirection.levelOf : undefined;
      for (const name of names) {
        for (const level of levelOf === undefined ? levels : [levelOf(name)]) {
          events.push({ name, level, where, fields });
        }
      }
    }
  }
  const unusedIndirections = Object.keys(EVENT_INDIRECTIONS).filter(
    (path) => !usedIndirections.has(path),
  );
  return { events, unresolved, unusedIndirections };
}

/** An environment variable a `| variable | … |` table documents. */
export interface DocumentedVariable {
  readonly name: string;
  readonly where: string;
}

const VARIABLE = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+$/;

/** The first column of every table whose first header cell is `variable`, in every doc. */
export function documentedVariables(docs: readonly Source[]): DocumentedVariable[] {
  return docs.flatMap((doc) =>
    rowsOfTable(doc.text, ['variable']).flatMap(({ cells, line }) =>
      codeSpans(cells[0] ?? '')
        .filter((name) => VARIABLE.test(name))
        .map((name) => ({ name, where: `${doc.path}:${line}` })),
    ),
  );
}

/** Every upper-snake name of the docs in backticks, in a table or in prose. */
export function mentionedVariables(docs: readonly Source[]): Set<string> {
  return new Set(
    docs.flatMap((doc) =>
      [...doc.text.matchAll(/`([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)`/g)].map((m) => m[1] as string),
    ),
  );
}

/**
 * The environment variables the sources read: `env.NAME`, `env['NAME']`, and the quoted
 * upper-snake names they pass to their settings readers (`setting(env, 'API_AUDIENCE')`), less the
 * upper-snake strings that are not variables (`NOT_VARIABLES`).
 */
export function readVariables(sources: readonly Source[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const source of sources) {
    const add = (name: string, index: number) => {
      if (isNotVariable(name) || found.has(name)) return;
      found.set(name, `${source.path}:${source.text.slice(0, index).split('\n').length}`);
    };
    const code = source.text.replace(/^\s*(\*|\/\/).*$/gm, (comment) => ' '.repeat(comment.length));
    for (const m of code.matchAll(/\benv\??\.([A-Z][A-Z0-9_]+)\b/g)) add(m[1] as string, m.index);
    for (const m of code.matchAll(/'([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)'/g))
      add(m[1] as string, m.index);
  }
  return found;
}

/** Upper-snake strings of the sources that name no environment variable. */
const NOT_VARIABLE_PATTERNS: readonly RegExp[] = [
  // Error codes: ours (`ERR_CONFIGURATION`), Node's and undici's (`ERR_TLS_…`, `UND_ERR_…`),
  // getaddrinfo's (`EAI_AGAIN`), zlib's (`Z_DATA_ERROR`), TLS's (`UNABLE_TO_VERIFY_…`).
  /^(ERR|UND_ERR|EAI|Z)_/,
  /^(UNABLE_TO|SELF_SIGNED|DEPTH_ZERO|CERT)_/,
  // gRPC status names the GCP client answers with.
  /^(DEADLINE_EXCEEDED|RESOURCE_EXHAUSTED|PERMISSION_DENIED|NOT_FOUND|FAILED_PRECONDITION|INVALID_ARGUMENT|ALREADY_EXISTS|UNAUTHENTICATED|UNAVAILABLE|INTERNAL|ABORTED|CANCELLED)$/,
  // Node's module-loading codes; Azure's error code for a body it cannot parse.
  /^(MODULE_NOT_FOUND|PARSE_ERROR)$/,
  // RFC 8693's `issued_token_type` value for a token that is not one (`N_A`).
  /^N_A$/,
  // The reference's name of a JSON secret, in the TSDoc of a message (`Environment variable 'APP_CONFIG'`).
  /^APP_CONFIG$/,
];

function isNotVariable(name: string): boolean {
  return NOT_VARIABLE_PATTERNS.some((pattern) => pattern.test(name));
}

/** The `dual_auth.*` span, metric and attribute names of the sources, and where first. */
export function telemetryNames(sources: readonly Source[]): Map<string, string> {
  const found = new Map<string, string>();
  for (const source of sources) {
    const code = source.text.replace(/^\s*(\*|\/\/).*$/gm, (comment) => ' '.repeat(comment.length));
    for (const m of code.matchAll(/'(dual_auth\.[a-z_.]*[a-z_])'/g)) {
      const name = m[1] as string;
      if (!found.has(name)) {
        found.set(name, `${source.path}:${code.slice(0, m.index).split('\n').length}`);
      }
    }
  }
  return found;
}

/** The `dual_auth.*` names the docs write in backticks. */
export function documentedTelemetryNames(docs: readonly Source[]): Set<string> {
  return new Set(
    docs.flatMap((doc) =>
      [...doc.text.matchAll(/`(dual_auth\.[a-z_.]*[a-z_])`/g)].map((m) => m[1] as string),
    ),
  );
}

/**
 * Every single-quoted lower-snake string of the sources (event names, reasons, codes), and the
 * tails of the template strings that end one (`${side}_check_unavailable` → `_check_unavailable`).
 */
export function sourceLiterals(sources: readonly Source[]): {
  has(word: string): boolean;
} {
  const words = new Set<string>();
  const tails = new Set<string>();
  for (const source of sources) {
    for (const m of source.text.matchAll(/'([a-z][a-z0-9_]*)'/g)) words.add(m[1] as string);
    for (const m of source.text.matchAll(/\}(_[a-z0-9_]+)`/g)) tails.add(m[1] as string);
  }
  return {
    has: (word) => words.has(word) || [...tails].some((tail) => word.endsWith(tail)),
  };
}

/**
 * The refusal reasons a doc names for alerting: `access_token.key_unavailable` (the audit
 * `reason`) and `dual_auth.reason=bad_signature` (the metric attribute), with where.
 */
export function documentedReasons(docs: readonly Source[]): { reason: string; where: string }[] {
  return docs.flatMap((doc) =>
    [
      ...doc.text.matchAll(
        /`(?:access_token|act_assertion|dpop_proof|act_jwt)\.([a-z_]+)`|dual_auth\.reason=([a-z_]+)/g,
      ),
    ].map((m) => ({
      reason: (m[1] ?? m[2]) as string,
      where: `${doc.path}:${doc.text.slice(0, m.index).split('\n').length}`,
    })),
  );
}

/** The lower-snake words in backticks of the first cell of every `| signal | … |` table row. */
export function alertSignalWords(docs: readonly Source[]): { word: string; where: string }[] {
  return docs.flatMap((doc) =>
    rowsOfTable(doc.text, ['signal']).flatMap(({ cells, line }) =>
      codeSpans(cells[0] ?? '')
        .filter((word) => /^(<vendor>|[a-z0-9]+)(_[a-z0-9]+)+$/.test(word))
        .map((word) => ({ word, where: `${doc.path}:${line}` })),
    ),
  );
}
