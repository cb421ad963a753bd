import {
  type AdapterPlugin,
  AGENT_SETTINGS,
  SPECIFICATION_VERSION,
  tokenUrlSetting,
} from '@dual-auth/core';
import { describe, expect, it } from 'vitest';
import { ignoredSettingWarnings } from './ignored-setting-warnings.js';

/** A plugin of a token URL and the agent that ignores what `ignoredSettings` lists. */
function pluginIgnoring(ignoredSettings: AdapterPlugin['ignoredSettings']): AdapterPlugin {
  return {
    kind: 'adapter',
    specificationVersion: SPECIFICATION_VERSION,
    vendor: 'ping',
    settings: [tokenUrlSetting('PING_TOKEN_URL'), ...AGENT_SETTINGS],
    ignoredSettings,
    createAdapter: () => {
      throw new Error('not called');
    },
  } as AdapterPlugin;
}
const ENV = {
  PING_TOKEN_URL: 'https://ping.example/as/token',
  AGENT_CLIENT_ID: 'finance-agent',
  AGENT_CLIENT_SECRET: 'agent-secret-never-logged',
};

describe('ignoredSettingWarnings', () => {
  it('passes when each listed variable logs its one warning', async () => {
    const plugin = pluginIgnoring([{ variable: 'API_SCOPE', instead: 'unset API_SCOPE' }]);
    await ignoredSettingWarnings(plugin, ENV, { API_SCOPE: 'unset API_SCOPE' });
  });

  it('fails for a variable the plugin does not list, or lists with other advice', async () => {
    const plugin = pluginIgnoring([{ variable: 'API_SCOPE', instead: 'unset API_SCOPE' }]);
    await expect(ignoredSettingWarnings(plugin, ENV, { APP_ID: 'unset APP_ID' })).rejects.toThrow(
      /expected \[\] to deeply equal/,
    );
    await expect(
      ignoredSettingWarnings(plugin, ENV, { API_SCOPE: 'something else' }),
    ).rejects.toThrow(/to deeply equal/);
  });

  it('fails when the variables the vendor reads log a warning', async () => {
    const plugin = pluginIgnoring([{ variable: 'AGENT_CLIENT_ID', instead: 'nothing' }]);
    await expect(ignoredSettingWarnings(plugin, ENV, {})).rejects.toThrow(/to deeply equal \[\]/);
  });
});
