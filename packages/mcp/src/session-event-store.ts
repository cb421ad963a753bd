import type { EventStore } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

/**
 * `store` as one session's transport sees it: each stream id and each event id it stores are
 * given to `store` and out as `<scope>:<id>`, `scope` a random id of this session, so that one
 * store shared by every session's transport keeps each session's streams apart. The SDK's ids name
 * a stream, not a session (its server-sent GET stream is `_GET_stream` in every session), so
 * without the scope a `Last-Event-ID` of another session's event, or of one's own on the shared
 * GET stream, would replay another session's messages (MCP security best practices, "Session
 * Hijacking"). A `Last-Event-ID` without this session's scope names no event here:
 * `getStreamIdForEventId` answers `undefined`, which the MCP SDK's transports answer 400 "Invalid
 * event ID format", and nothing is replayed. Stream ids are answered to the transport without the
 * scope (it maps a resumed stream by the SDK's id). For a store without `getStreamIdForEventId`,
 * an event of this session answers the scope as its stream: the SDK then checks no conflicting
 * stream, as it checks none for such a store. The scope lives as long as the transport: after a
 * restart no earlier event id is this session's (the SDK's transport is in memory too).
 */
export function sessionScopedEventStore(store: EventStore): EventStore {
  const scope = `${crypto.randomUUID()}:`;
  const own = (id: string) => (id.startsWith(scope) ? id.slice(scope.length) : undefined);
  return {
    storeEvent: async (streamId, message) =>
      scope + (await store.storeEvent(scope + streamId, message)),
    getStreamIdForEventId: async (eventId) => {
      const id = own(eventId);
      if (id === undefined) return undefined;
      // The store's answer is an id it was given, so scoped: anything else names no stream here.
      return store.getStreamIdForEventId
        ? own((await store.getStreamIdForEventId(id)) ?? '')
        : scope;
    },
    replayEventsAfter: async (lastEventId, { send }) => {
      const id = own(lastEventId);
      return id === undefined
        ? ''
        : (own(
            await store.replayEventsAfter(id, {
              send: (eventId, message) => send(scope + eventId, message),
            }),
          ) ?? '');
    },
  };
}
