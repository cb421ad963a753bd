import type { EventStore } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

/**
 * `store` as one session's transport sees it: the id of each event it stores is given out as
 * `<scope>:<the store's id>`, `scope` a random id of this session, and a `Last-Event-ID` without
 * this session's scope (an event of another session, whose id a log or a proxy showed) names no
 * event here: `getStreamIdForEventId` answers `undefined`, which the MCP SDK's transports answer
 * 400 "Invalid event ID format", and nothing is replayed. The SDK's event ids name a stream, not a
 * session (its server-sent GET stream is `_GET_stream` in every session), so one store shared by
 * every session's transport would replay one session's messages into another's stream (MCP
 * security best practices, "Session Hijacking"). For a store without `getStreamIdForEventId`, an
 * event of this session answers the scope as its stream: the SDK then checks no conflicting
 * stream, as it checks none for such a store.
 */
export function sessionScopedEventStore(store: EventStore): EventStore {
  const scope = `${crypto.randomUUID()}:`;
  const own = (eventId: string) =>
    eventId.startsWith(scope) ? eventId.slice(scope.length) : undefined;
  return {
    storeEvent: async (streamId, message) => scope + (await store.storeEvent(streamId, message)),
    getStreamIdForEventId: async (eventId) => {
      const id = own(eventId);
      if (id === undefined) return undefined;
      return store.getStreamIdForEventId === undefined ? scope : store.getStreamIdForEventId(id);
    },
    replayEventsAfter: async (lastEventId, { send }) => {
      const id = own(lastEventId);
      return id === undefined
        ? ''
        : store.replayEventsAfter(id, {
            send: (eventId, message) => send(scope + eventId, message),
          });
    },
  };
}
