import { describe, expect, it } from 'vitest';
import { ELIDED, recordingFetch, type ShownRequest } from './recording-fetch.js';
import { identityPlaces } from './shown-token.js';

describe('recordingFetch', () => {
  it('keeps an allowlist of form parameters in clear and elides every other value', async () => {
    const requests: ShownRequest[] = [];
    const sent: unknown[] = [];
    const fetch = recordingFetch(async (_input, init) => {
      sent.push(init?.body);
      return new Response('{}');
    }, requests);
    const body = new URLSearchParams({
      grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
      scope: 'finance.read',
      client_secret: 'shh-secret',
      subject_token: 'eyJhbGciOi.eyJzdWIiOi.c2ln',
      some_future_credential: 'also-secret',
    });
    await fetch('https://idp.example/token', {
      method: 'POST',
      headers: { authorization: 'Basic ZmluYW5jZTpzaGg=' },
      body,
    });

    expect(sent).toEqual([body]);
    expect(requests).toEqual([
      {
        method: 'POST',
        url: 'https://idp.example/token',
        headers: { authorization: `Basic ${ELIDED}` },
        form: {
          grant_type: 'urn:ietf:params:oauth:grant-type:token-exchange',
          scope: 'finance.read',
          client_secret: ELIDED,
          subject_token: ELIDED,
          some_future_credential: ELIDED,
        },
      },
    ]);
  });
});

describe('identityPlaces', () => {
  it('finds each id at every claim path that holds it, nested and in arrays', () => {
    const claims = {
      sub: 'agent-object-id',
      azp: 'finance-agent',
      act: { sub: 'human-id', act: { sub: 'finance-agent' } },
      aud: ['api', 'finance-agent'],
      scope: 'finance.read',
    };
    expect(
      identityPlaces(claims, { agent: ['finance-agent', 'agent-object-id'], human: ['human-id'] }),
    ).toEqual([
      { who: 'agent', id: 'agent-object-id', path: 'sub' },
      { who: 'agent', id: 'finance-agent', path: 'azp' },
      { who: 'human', id: 'human-id', path: 'act.sub' },
      { who: 'agent', id: 'finance-agent', path: 'act.act.sub' },
      { who: 'agent', id: 'finance-agent', path: 'aud' },
    ]);
  });
});
