import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { LogFields, Logger } from '@dual-auth/core';

/** One event a {@link RecordingLogger} received. */
export interface LogRecord {
  readonly level: string;
  readonly event: string;
  readonly fields?: LogFields | undefined;
}

/** A logger that keeps every event, so a test can scan what was logged. */
export interface RecordingLogger extends Logger {
  readonly records: LogRecord[];
}

export function createRecordingLogger(): RecordingLogger {
  const records: LogRecord[] = [];
  const record =
    (level: string) =>
    (event: string, fields?: LogFields): void => {
      records.push({ level, event, fields });
    };
  return {
    records,
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  };
}

/**
 * The reference's secrets for a Keycloak and an Entra ID configuration, by key, with values that
 * are unique to this run so a leak is recognisable.
 */
export function referenceSecrets(): Readonly<Record<string, string>> {
  const tag = randomBytes(6).toString('hex');
  const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  return {
    KEYCLOAK_TOKEN_URL: 'https://kc.example/realms/agbac/protocol/openid-connect/token',
    ENTRAID_TOKEN_URL: 'https://login.microsoftonline.com/tenant-1/oauth2/v2.0/token',
    AGENT_CLIENT_ID: `agent-${tag}`,
    AGENT_CLIENT_SECRET: `client-secret-${tag}`,
    APP_PRIVATE_KEY: privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(),
    API_SCOPE: 'api://finance-api/.default',
    APP_ID: `app-${tag}`,
    API_AUDIENCE: 'api://finance-api',
  };
}

/** The values of {@link referenceSecrets} that are secrets proper. */
export const SECRET_KEYS = ['AGENT_CLIENT_SECRET', 'APP_PRIVATE_KEY'] as const;
