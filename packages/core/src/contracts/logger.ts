/** A log field value: IAM identifiers and metadata only, never a token, secret, email or name. */
export type LogValue = string | number | boolean | null | undefined | readonly (string | number)[];

/** Structured fields of a log event. */
export type LogFields = Readonly<Record<string, LogValue>>;

/** Log levels, lowest first. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * The logger dual-auth writes to. Each call is one event, named like the reference's `event`
 * (`token_request_start`, …), with fields that carry IAM identifiers (`agent_id`, `human_id` = act.sub,
 * client ids) and never secrets, tokens, emails or names.
 */
export interface Logger {
  debug(event: string, fields?: LogFields): void;
  info(event: string, fields?: LogFields): void;
  warn(event: string, fields?: LogFields): void;
  error(event: string, fields?: LogFields): void;
}
