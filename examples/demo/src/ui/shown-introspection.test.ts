import { describe, expect, it } from 'vitest';
import { ELIDED } from './recording-fetch.js';
import { answerRecordingFetch, shownIntrospection } from './shown-introspection.js';

describe('shownIntrospection', () => {
  it('keeps RFC 7662 members and identity claims in clear, elides the jti and anything unknown', () => {
    const answer = {
      active: true,
      client_id: 'finance-agent',
      act: { sub: 'alice-id' },
      aud: 'https://api.example.com/finance',
      scope: 'finance.read',
      exp: 1_796_207_363,
      jti: 'the-opaque-token-itself',
      username: 'alice@example.com',
    };

    expect(
      shownIntrospection('introspection answer', answer, {
        agent: ['finance-agent'],
        human: ['alice-id'],
      }),
    ).toEqual({
      label: 'introspection answer',
      claims: { ...answer, jti: ELIDED, username: ELIDED },
      places: [
        { who: 'agent', id: 'finance-agent', path: 'client_id' },
        { who: 'human', id: 'alice-id', path: 'act.sub' },
      ],
    });
  });
});

describe('answerRecordingFetch', () => {
  it('records each JSON object answer and hands the response on unread', async () => {
    const answers: Record<string, unknown>[] = [];
    const fetch = answerRecordingFetch(
      async (input) =>
        String(input).endsWith('/introspect')
          ? Response.json({ active: false })
          : new Response('not json', { status: 503 }),
      answers,
    );

    const first = await fetch('https://idp.example/introspect');
    const second = await fetch('https://idp.example/down');

    expect(await first.json()).toEqual({ active: false });
    expect(await second.text()).toBe('not json');
    expect(answers).toEqual([{ active: false }]);
  });
});
