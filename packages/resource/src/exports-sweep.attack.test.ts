// Every function and class of resource's entries, called with a wrong first or second argument
// (`sweepExports`): whatever it throws or rejects with is never a crash from inside, and an error
// class refuses under its own name.
import { describe, expect, it } from 'vitest';
import { sweepExports } from '../../core/test/export-sweep.js';
import { itRefusesByName } from '../../core/test/refuses-by-name.js';
import * as express from './express/index.js';
import * as fastify from './fastify/index.js';
import * as fetch from './fetch/index.js';
import * as hono from './hono/index.js';
import * as resource from './index.js';

describe("resource's exports never crash inside on a wrong argument", () => {
  it('every function and class of every entry', async () => {
    expect(await sweepExports({ resource, fetch, express, hono, fastify })).toEqual([]);
  }, 60_000);

  itRefusesByName(
    [
      [
        'new DualSubjectVerificationError()',
        () => new resource.DualSubjectVerificationError(undefined as never),
        /^DualSubjectVerificationError: options must be an object, got undefined$/,
      ],
      [
        'new DualSubjectVerificationError({ reason, message })',
        () =>
          new resource.DualSubjectVerificationError({
            reason: 'expired',
            message: 'refused',
          } as never),
        /^DualSubjectVerificationError: options.credential must be a string, got undefined$/,
      ],
      [
        'new DualSubjectVerificationError({ credential, reason })',
        () =>
          new resource.DualSubjectVerificationError({
            credential: 'access_token',
            reason: 'expired',
          } as never),
        /^DualSubjectVerificationError: options.message must be a string, got undefined$/,
      ],
      [
        'scopeForAudit(42)',
        () => resource.scopeForAudit(42 as never),
        /^scopeForAudit: subject must be the DualSubject of an admitted request/,
      ],
      [
        'recordStatusWhenAnswered()',
        () => express.recordStatusWhenAnswered(undefined as never, undefined as never),
        /^recordStatusWhenAnswered: response must be the Node http.ServerResponse/,
      ],
      [
        'recordStatusWhenAnswered(res)',
        () =>
          express.recordStatusWhenAnswered(
            { once: () => {}, writeHead: () => {}, headersSent: false, statusCode: 200 },
            undefined as never,
          ),
        /^admission must be an object, got undefined$/,
      ],
    ],
    [],
  );
});
