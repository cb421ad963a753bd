import { describe, expect, it } from 'vitest';
import { recordingLogger } from '../test/counting-adapter.js';
import { HybridSender } from './hybrid-sender.js';
import { UserSession } from './user-session.js';

// A session record is the app's (ID-token claims, a framework's session object), and its fields
// may hold what a login brought in. The act it gives travels in every token and audit record.
describe('extractActFromSession: a hostile session record', () => {
  it('never reads a field from a polluted Object.prototype: no other human, no other oid', () => {
    const proto = Object.prototype as Record<string, unknown>;
    const polluted = { userId: 'victim', oid: 'victim-oid', email: 'victim@example.com' };
    Object.assign(proto, polluted);
    try {
      const sender = new HybridSender({ includeEmail: true });
      expect(sender.extractActFromSession({ sub: 'alice' })).toStrictEqual({ sub: 'alice' });
      expect(() => sender.extractActFromSession({ mail: 'carol@example.com' })).toThrow(
        /^Session has no user id/,
      );
    } finally {
      for (const name of Object.keys(polluted)) delete proto[name];
    }
  });

  it("still reads a field a session class of the app's own defines (a getter on its prototype)", () => {
    class AppSession {
      readonly user_id = 'u-5';
      get email(): string {
        return 'e@x.example';
      }
    }
    const sender = new HybridSender({ includeEmail: true });
    expect(sender.extractActFromSession(new AppSession() as never)).toStrictEqual({
      sub: 'u-5',
      email: 'e@x.example',
    });
  });

  it("refuses an id that breaks core's act rules, before any log line holds it", () => {
    const cases: [Record<string, unknown> | UserSession, string][] = [
      [{ sub: 'alice\u0000admin' }, "Act claim 'sub' field must not contain control characters"],
      [{ sub: 'alice\u202eadmin' }, "Act claim 'sub' field must not contain control characters"],
      [{ sub: 'x'.repeat(1_000_000) }, "Act claim 'sub' field is longer than 256 characters"],
      [{ sub: ' \t ' }, "Act claim 'sub' field cannot be empty"],
      [{ sub: 'u-1', oid: 'o\nid' }, "Act claim 'oid' field must not contain control characters"],
      [
        new UserSession({ userId: 'y'.repeat(300) }),
        "Act claim 'sub' field is longer than 256 characters",
      ],
    ];
    for (const [session, message] of cases) {
      const logger = recordingLogger();
      const sender = new HybridSender({ logger });
      expect(() => sender.extractActFromSession(session)).toThrow(new TypeError(message));
      expect(logger.events.map((e) => e.event)).toEqual([
        'hybrid_sender_init_insession',
        'invalid_act',
      ]);
      expect(logger.events[1]?.fields).toStrictEqual({ error_type: 'TypeError' });
    }
  });
});
