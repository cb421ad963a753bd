import type { EventStore } from '@modelcontextprotocol/sdk/server/webStandardStreamableHttp.js';
import type { JSONRPCMessage } from '@modelcontextprotocol/sdk/types.js';

/**
 * An event store as the SDK's example (`InMemoryEventStore`) with ids in the order they were
 * stored: the example's ids are `<stream>_<Date.now()>_<random>`, sorted as strings to replay, so
 * two events of one millisecond (the priming event and the tool's answer) replayed in a random
 * order and the answer after the priming event was lost half the time (the stream then stayed
 * open until the test's timeout).
 */
export class OrderedEventStore implements EventStore {
  readonly #events: { eventId: string; streamId: string; message: JSONRPCMessage }[] = [];
  async storeEvent(streamId: string, message: JSONRPCMessage): Promise<string> {
    const eventId = `${streamId}_${this.#events.length}`;
    this.#events.push({ eventId, streamId, message });
    return eventId;
  }
  async replayEventsAfter(
    lastEventId: string,
    { send }: { send: (eventId: string, message: JSONRPCMessage) => Promise<void> },
  ): Promise<string> {
    const last = this.#events.findIndex((event) => event.eventId === lastEventId);
    if (last === -1) return '';
    const { streamId } = this.#events[last] as { streamId: string };
    for (const event of this.#events.slice(last + 1)) {
      if (event.streamId === streamId) await send(event.eventId, event.message);
    }
    return streamId;
  }
}
