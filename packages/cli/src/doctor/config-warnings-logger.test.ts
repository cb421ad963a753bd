import type { LogFields, Logger } from '@dual-auth/core';
import { expect, it } from 'vitest';
import { configWarningsLogger } from './config-warnings-logger.js';

it('keeps the message of each warn event, and passes every event on to the logger it wraps', () => {
  const seen: [string, string, LogFields | undefined][] = [];
  const next: Logger = {
    debug: (event, fields) => seen.push(['debug', event, fields]),
    info: (event, fields) => seen.push(['info', event, fields]),
    warn: (event, fields) => seen.push(['warn', event, fields]),
    error: (event, fields) => seen.push(['error', event, fields]),
  };
  const warnings: string[] = [];
  const logger = configWarningsLogger(warnings, next);
  logger.debug('config_debug', { step: 1 });
  logger.info('config_loaded', { vendor: 'keycloak' });
  logger.warn('config_setting_ignored', { message: 'API_AUDIENCE is ignored' });
  logger.warn('config_other', { variable: 'X' });
  logger.error('config_load_error', { error_type: 'TypeError' });
  expect(warnings).toEqual(['API_AUDIENCE is ignored']);
  // Before: [] — config_load_error and config_loaded never reached DUAL_AUTH_LOG=json.
  expect(seen).toEqual([
    ['debug', 'config_debug', { step: 1 }],
    ['info', 'config_loaded', { vendor: 'keycloak' }],
    ['warn', 'config_setting_ignored', { message: 'API_AUDIENCE is ignored' }],
    ['warn', 'config_other', { variable: 'X' }],
    ['error', 'config_load_error', { error_type: 'TypeError' }],
  ]);
});
