import { describe, expect, it } from 'vitest';
import { capturedRun } from '../test/support/captured-run.js';
import { EXIT } from './run-cli.js';

// A number option takes plain decimal digits only: `Number()` reads `1e3`, `0x1F4`, ` 500`,
// `500.0` and `+500` as numbers, so a typo or a pasted value would run with a value nobody wrote.
const cli = (argv: string[]) => capturedRun(argv, '/');

const NOT_DECIMAL = [
  '1e3',
  '0x1F4',
  ' 500',
  '500 ',
  '500.0',
  '+500',
  '-500',
  '５００',
  '0500',
  '5_00',
  '',
  'Infinity',
  '500\u001b[2J',
];

const OPTIONS = [
  { flag: '--timeout-ms', range: '100 to 2147483647', unit: 'milliseconds', ok: ['100', '10000'] },
  {
    flag: '--max-lifetime-seconds',
    range: '1 to 31536000',
    unit: 'seconds',
    ok: ['1', '3600', '31536000'],
  },
] as const;

describe('numeric options take a plain decimal integer in their range', () => {
  for (const { flag, range, unit, ok } of OPTIONS) {
    for (const value of [...NOT_DECIMAL, '0', '99999999999999999999']) {
      it(`doctor ${flag} ${JSON.stringify(value)}: exit 2 naming the option, range and unit`, async () => {
        const result = await cli(['doctor', '--human', 'u-1', flag, value]);
        expect(result.code).toBe(EXIT.usage);
        expect(result.stderr).toContain(flag);
        expect(result.stderr).toContain(range);
        expect(result.stderr).toContain(unit);
        expect(result.stderr).not.toContain('\u001b');
        expect(result.stdout).toBe('');
      });
    }

    for (const value of ok) {
      it(`doctor ${flag} ${value}: accepted (the doctor goes on to read its configuration)`, async () => {
        const result = await cli(['doctor', flag, value]);
        expect(result.code).toBe(EXIT.usage);
        expect(result.stderr).toContain('doctor needs the test human');
        expect(result.stderr).not.toContain(flag);
      });
    }
  }

  it('--timeout-ms below the range says why (seconds written as milliseconds)', async () => {
    const result = await cli(['doctor', '--human', 'u-1', '--timeout-ms', '30']);
    expect(result.code).toBe(EXIT.usage);
    expect(result.stderr).toContain('--timeout-ms');
    expect(result.stderr).toContain('100 to 2147483647');
  });
});
