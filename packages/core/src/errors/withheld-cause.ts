import { errorClassOf } from './error-class-of.js';

/**
 * The `cause` an "Unexpected error" wrapper keeps of an error it did not expect (a plugin's, a
 * failing `random` or `clock`): a new `Error` named as its class (`errorClassOf`), saying its
 * message was withheld. Never the error itself: its message may quote a secret, a token or a
 * person's text, and `toJSON`, `util.inspect` and loggers that walk `cause` (pino's `err`
 * serializer writes every cause's message and stack) would write it. Smaller than
 * `safeCause(error, { keepMessage: false })` of the secrets kit, which pulls in the redaction.
 *
 * @param error - Anything a `catch` gave.
 * @returns A stand-in holding the class name only.
 */
export function withheldCause(error: unknown): Error {
  const name = errorClassOf(error);
  const cause = new Error(`${name} (its message is withheld: it may hold a secret)`);
  cause.name = name;
  return cause;
}
