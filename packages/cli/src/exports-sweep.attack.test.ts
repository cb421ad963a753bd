// Every function and class of cli's entries, called with a wrong first or second argument
// (`sweepExports`): whatever it throws or rejects with is never a crash from inside, and an error
// class refuses under its own name.
import { describe, expect, it } from 'vitest';
import { sweepExports } from '../../core/test/export-sweep.js';
import { itRefusesByName } from '../../core/test/refuses-by-name.js';
import * as cli from './index.js';

// Swept apart: it adds a listener to process.stdout, which cli's test files, sharing one module
// graph per worker, must not be left.
const skip = new Set(['cli.nodeCliIo']);

describe("cli's exports never crash inside on a wrong argument", () => {
  it('every function and class of every entry', async () => {
    expect(await sweepExports({ cli }, { skip })).toEqual([]);
  }, 60_000);

  // Session 37: nodeCliIo was left out of the sweep; the listeners it adds are removed after.
  it('nodeCliIo, leaving no listener on process.stdout', async () => {
    const before = process.stdout.listeners('error');
    try {
      expect(await sweepExports({ cli: { nodeCliIo: cli.nodeCliIo } })).toEqual([]);
    } finally {
      for (const listener of process.stdout.listeners('error')) {
        if (!before.includes(listener)) process.stdout.off('error', listener as () => void);
      }
    }
    expect(process.stdout.listeners('error')).toEqual(before);
  });

  itRefusesByName(
    [
      [
        'decodeJwtParts(42)',
        () => cli.decodeJwtParts(42 as never),
        /^jwt must be a string, got number$/,
      ],
      [
        'formatDoctorReport({})',
        () => cli.formatDoctorReport({} as never),
        /^formatDoctorReport: report must be the DoctorReport runDoctor resolves to/,
      ],
    ],
    [
      [
        'runDoctor()',
        () => cli.runDoctor(undefined as never),
        /^options must be an object, got undefined$/,
      ],
      [
        'runCli()',
        () => cli.runCli(undefined as never, undefined as never),
        /^argv must be an array of strings$/,
      ],
      [
        'runCli([])',
        () => cli.runCli([], undefined as never),
        /^io must be an object, got undefined$/,
      ],
      [
        'runCli([], {})',
        () => cli.runCli([], {} as never),
        /^io must be a CliIo \(nodeCliIo\(\) or your own\)/,
      ],
    ],
  );
});
