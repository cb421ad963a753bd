import { describe, expect, it } from 'vitest';
import { foreignRequestRefusal } from './foreign-request-refusal.js';

const PORT = 8780;

function post(headers: Record<string, string>): Request {
  return new Request(`http://127.0.0.1:${PORT}/api/step`, { method: 'POST', headers, body: '{}' });
}

describe('foreignRequestRefusal', () => {
  it('answers the loopback names on any port (port forwards), and no other name', () => {
    for (const host of [
      `127.0.0.1:${PORT}`,
      `localhost:${PORT}`,
      `[::1]:${PORT}`,
      `LOCALHOST:${PORT}`,
      'localhost:9000',
      '127.0.0.1:9',
      '[::1]:9000',
      '127.0.0.1',
      'localhost',
    ]) {
      const request = new Request(`http://127.0.0.1:${PORT}/`, { headers: { host } });
      expect(foreignRequestRefusal(request, PORT)).toBeUndefined();
    }
    for (const host of [
      `attacker.example:${PORT}`,
      'attacker.example',
      `localhost.attacker.example:${PORT}`,
      `127.0.0.1.nip.io:${PORT}`,
      `attacker.example:${PORT}@localhost`,
      `localhost:${PORT}.attacker.example`,
      '',
    ]) {
      const request = new Request(`http://127.0.0.1:${PORT}/`, { headers: { host } });
      expect(foreignRequestRefusal(request, PORT)?.status).toBe(421);
    }
  });

  it('runs a JSON step posted from its own origin, or with no Origin (not a browser)', () => {
    const json = { host: `localhost:${PORT}`, 'content-type': 'application/json; charset=utf-8' };
    expect(foreignRequestRefusal(post({ ...json, origin: `http://localhost:${PORT}` }), PORT)).toBe(
      undefined,
    );
    expect(foreignRequestRefusal(post(json), PORT)).toBeUndefined();
  });

  it('refuses a step posted from another origin, even as JSON', () => {
    const json = { host: `127.0.0.1:${PORT}`, 'content-type': 'application/json' };
    for (const origin of ['http://localhost:9', `http://localhost:${PORT}`, 'null']) {
      expect(foreignRequestRefusal(post({ ...json, origin }), PORT)?.status).toBe(403);
    }
  });

  it('refuses a step that is not application/json (a no-cors simple request)', () => {
    const origin = `http://127.0.0.1:${PORT}`;
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data']) {
      const request = post({ host: `127.0.0.1:${PORT}`, origin, 'content-type': type });
      expect(foreignRequestRefusal(request, PORT)?.status).toBe(415);
    }
  });
});
