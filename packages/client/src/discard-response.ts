/** Frees the connection of an answer that will not be read. */
export function discardResponse(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}
