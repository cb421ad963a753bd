import { keycloakPlugin } from '@dual-auth/adapter-keycloak';
import { type LogFields, setDefaultLogger } from '@dual-auth/core';
import { startLocalIdp } from '@dual-auth/testing';
import { afterEach, expect, it } from 'vitest';
import { runDoctor } from './run-doctor.js';

// wave33/leftovers: since the doctor passed getConfig a logger of its own (to show its warnings),
// getConfig's events no longer reached the default logger (DUAL_AUTH_LOG=json on stderr, or
// setDefaultLogger): `config_loaded`, `config_load_error` and the warnings themselves were lost.

afterEach(() => setDefaultLogger(undefined));

it('every event of getConfig reaches the default logger, and its warnings the report too', async () => {
  const events: [string, string, LogFields | undefined][] = [];
  const record =
    (level: string) =>
    (event: string, fields?: LogFields): void => {
      events.push([level, event, fields]);
    };
  setDefaultLogger({
    debug: record('debug'),
    info: record('info'),
    warn: record('warn'),
    error: record('error'),
  });
  const idp = await startLocalIdp({ vendor: 'keycloak' });
  try {
    const report = await runDoctor({
      human: [...idp.humans.values()].find((human) => human.username === 'alice')?.sub ?? 'none',
      audience: idp.audience,
      env: { ...idp.env(), API_AUDIENCE: 'https://finance.example/ignored' },
      plugins: [keycloakPlugin],
      fetch: idp.fetch,
    });
    expect(report.warnings).toHaveLength(1);
    const names = events.map(([level, event]) => `${level}:${event}`);
    // Before: [] (the doctor's own logger kept the warning and dropped the rest).
    expect(names).toContain('warn:config_setting_ignored');
    expect(names).toContain('info:config_loaded');
  } finally {
    await idp.close();
  }
}, 60_000);
