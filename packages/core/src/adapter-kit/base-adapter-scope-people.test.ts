import { describe, expect, it } from 'vitest';
import { adapterHarness } from '../../test/base-adapter-fixture.js';

const { answering: adapterAnswering } = adapterHarness();

describe('BaseAdapter: per-user scope names never log the human', () => {
  it('blanks the email and login in the debug, narrowed and widened scope logs', async () => {
    const { adapter, events } = await adapterAnswering({
      access_token: 'AT',
      scope: 'finance.read aliddell',
    });
    const token = await adapter.requestToken({
      agentId: 'agent-1',
      act: { sub: '00u7q2w9', preferred_username: 'aliddell' },
      scope: ['finance.read', 'mail:alice.liddell@corp.example', 'files:aliddell'],
    });
    const logged = JSON.stringify(events);
    expect(logged).not.toMatch(/alice|liddell/i);
    expect(String(token)).not.toMatch(/alice|liddell/i);
  });
});
