import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';
import { describe, expect, it } from 'vitest';
import { OrderedEventStore } from '../test/support/ordered-event-store.js';
import { sessionScopedEventStore } from './session-event-store.js';

// Review (session 36, review36b): the MCP SDK stores every session's server-sent GET stream under
// one stream id, `_GET_stream`. Scoping only the event ids let Alice's notifications, stored on
// that shared stream after an event of Bob's, be replayed to Bob when he resumed after his own
// event (under his scope). Each session's streams are now its own in the store.

const note = (text: string): JSONRPCMessage => ({
  jsonrpc: '2.0',
  method: 'notifications/message',
  params: { level: 'info', data: text },
});

/** A store that names the stream of an event id, as the SDK's example does (`<stream>_<n>`). */
class StreamNamingStore extends OrderedEventStore {
  async getStreamIdForEventId(eventId: string): Promise<string | undefined> {
    return eventId.slice(0, eventId.lastIndexOf('_'));
  }
}

/** The events `store` replays after `lastEventId`, and the stream id it answers. */
async function replayed(store: ReturnType<typeof sessionScopedEventStore>, lastEventId: string) {
  const sent: { eventId: string; message: JSONRPCMessage }[] = [];
  const streamId = await store.replayEventsAfter(lastEventId, {
    send: async (eventId, message) => void sent.push({ eventId, message }),
  });
  return { streamId, sent };
}

describe('sessionScopedEventStore', () => {
  it("replays a session's GET stream without another session's events of that stream id", async () => {
    const shared = new OrderedEventStore();
    const bob = sessionScopedEventStore(shared);
    const alice = sessionScopedEventStore(shared);
    const bobsPriming = await bob.storeEvent('_GET_stream', {} as JSONRPCMessage);
    await alice.storeEvent('_GET_stream', note("alice's balance"));
    const bobsNote = await bob.storeEvent('_GET_stream', note("bob's balance"));

    const { streamId, sent } = await replayed(bob, bobsPriming);

    expect(sent).toEqual([{ eventId: bobsNote, message: note("bob's balance") }]);
    // The SDK maps the resumed stream by this id: standalone messages reach `_GET_stream`.
    expect(streamId).toBe('_GET_stream');
  });

  it("answers the stream of the session's own event, and no stream for another's", async () => {
    const shared = new StreamNamingStore();
    const bob = sessionScopedEventStore(shared);
    const alice = sessionScopedEventStore(shared);
    const alices = await alice.storeEvent('request-1', note('a'));
    const bobs = await bob.storeEvent('request-2', note('b'));

    expect(await bob.getStreamIdForEventId?.(bobs)).toBe('request-2');
    expect(await bob.getStreamIdForEventId?.(alices)).toBeUndefined();
    expect((await replayed(bob, alices)).sent).toEqual([]);
  });
});
