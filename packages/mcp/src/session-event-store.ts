import type { EventStore } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';

/**
 * `store` as one session's transport sees it: the id of each event it stores is given out as
 * `<scope>:<stream id>:<the store's id>`, `scope` a random id of this session, and a
 * `Last-Event-ID` without this session's scope (an event of another session, whose id a log or a
 * proxy showed) names no event here: `getStreamIdForEventId` answers `undefined`, which the MCP
 * SDK's transports answer 400 "Invalid event ID format", and nothing is replayed. The SDK's event
 * ids name a stream, not a session (its server-sent GET stream is `_GET_stream` in every
 * session), so one store shared by every session's transport would replay one session's messages
 * into another's stream. MCP security best practices, "Session Hijacking": a session's messages go
 * to that session only.
 */
export function sessionScopedEventStore(store: EventStore): EventStore {
  const scope = `${crypto.randomUUID()}:`;
  // This session's event: its stream and the store's own id; `undefined` for any other.
  const ownEvent = (eventId: string): { streamId: string; id: string } | undefined => {
    if (!eventId.startsWith(scope)) return undefined;
    const rest = eventId.slice(scope.length);
    const end = rest.indexOf(':');
    if (end === -1) return undefined;
    try {
      return { streamId: decodeURIComponent(rest.slice(0, end)), id: rest.slice(end + 1) };
    } catch {
      return undefined;
    }
  };
  const scoped = (streamId: string, id: string) => `${scope}${encodeURIComponent(streamId)}:${id}`;
  return {
    storeEvent: async (streamId, message) =>
      scoped(streamId, await store.storeEvent(streamId, message)),
    getStreamIdForEventId: async (eventId) => ownEvent(eventId)?.streamId,
    replayEventsAfter: async (lastEventId, { send }) => {
      const event = ownEvent(lastEventId);
      if (event === undefined) return '';
      return store.replayEventsAfter(event.id, {
        send: (eventId, message) => send(scoped(event.streamId, eventId), message),
      });
    },
  };
}
