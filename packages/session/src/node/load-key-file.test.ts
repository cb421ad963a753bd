import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigurationError } from '@dual-auth/core';
import { errorLogTexts } from '@dual-auth/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CountingAdapter } from '../../test/counting-adapter.js';
import { testKeyPair } from '../../test/keys.js';
import { HybridSender } from '../hybrid-sender.js';
import { OutOfSessionTokenRequest } from '../out-of-session-token-request.js';
import { loadKeyFile } from './load-key-file.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'dual-auth-session-'));
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe('loadKeyFile', () => {
  it('reads PEM files for HybridSender and OutOfSessionTokenRequest (the reference took paths)', async () => {
    const pair = await testKeyPair('RS256');
    await writeFile(join(dir, 'app.key'), pair.privatePem, { mode: 0o600 });
    await writeFile(join(dir, 'app.pub'), pair.publicPem);
    const sender = new HybridSender({ privateKey: await loadKeyFile(join(dir, 'app.key')) });
    const agent = 'https://agent.example.com/invoke';
    const outOfSession = new OutOfSessionTokenRequest({
      adapter: new CountingAdapter(),
      publicKey: await loadKeyFile(join(dir, 'app.pub')),
      expectedAudience: agent,
    });
    const actJwt = await sender.prepareOutOfSessionAct({ act: { sub: 'u' }, agentEndpoint: agent });
    await expect(outOfSession.receiveAndVerifyActJwt(actJwt)).resolves.toEqual({ sub: 'u' });
  });

  it('names the reason, never the content', async () => {
    await expect(loadKeyFile(join(dir, 'missing.pem'))).rejects.toThrow(/ENOENT/);
    await writeFile(join(dir, 'notes.txt'), 'hunter2 is not a key');
    const error = await loadKeyFile(join(dir, 'notes.txt')).catch((e: unknown) => e);
    expect(ConfigurationError.isInstance(error)).toBe(true);
    expect(String(error)).toContain('holds no PEM block');
    expect(String(error)).not.toContain('hunter2');
    await writeFile(join(dir, 'big.pem'), `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(70_000)}`);
    await expect(loadKeyFile(join(dir, 'big.pem'))).rejects.toThrow(/larger/);
    await expect(loadKeyFile('' as string)).rejects.toThrow(TypeError);
  });

  it('never names the path, however it is logged: a home folder names a person', async () => {
    const home = join(dir, 'jane.doe');
    await mkdir(home);
    await writeFile(join(home, 'notes.txt'), 'not a key');
    await writeFile(join(home, 'big.pem'), `-----BEGIN PRIVATE KEY-----\n${'A'.repeat(70_000)}`);
    for (const [file, problem] of [
      ['missing.pem', /cannot be read \(ENOENT\)/],
      ['.', /cannot be read \(EISDIR\)/],
      ['notes.txt', /holds no PEM block/],
      ['big.pem', /larger than a PEM key can be/],
    ] as const) {
      const error = await loadKeyFile(join(home, file)).catch((e: unknown) => e);
      expect(ConfigurationError.isInstance(error)).toBe(true);
      for (const [how, text] of Object.entries(errorLogTexts(error))) {
        expect(text, `${file}: ${how}`).not.toContain('jane.doe');
      }
      expect(String(error)).toMatch(problem);
    }
  });
});
