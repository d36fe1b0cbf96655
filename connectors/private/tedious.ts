// The one reach into tedious' internals: tedious is pinned to an exact version (package.json), and
// test/unit/private-tedious.test.ts fails when an upgrade moves `Connection.makeRequest`.

/** What tedious' Connection does with each request: sends its payload, buffers (async ones for a bulk load), as one message. */
export type MakeRequest = (this: unknown, request: unknown, packetType: number, payload: Iterable<Buffer> | AsyncIterable<Buffer>) => void;

/**
 * tedious streams an RPC payload to the socket a piece at a time, four pieces per parameter, each through three Node
 * streams: a phone lookup's request went out as about a hundred chunks. Handed over as one buffer, the same bytes
 * cost the bridge less CPU per phone lookup (docs/PERFORMANCE.md). A connection without
 * the method is left as it is (the test fails first).
 */
export function sendRequestsWhole(connection: { makeRequest?: MakeRequest }): void {
  const makeRequest = connection.makeRequest;
  if (typeof makeRequest !== 'function') return;
  connection.makeRequest = function (request, packetType, payload) {
    if (!(Symbol.iterator in payload)) return makeRequest.call(this, request, packetType, payload);
    // Still read lazily, inside tedious' stream, so a parameter that fails validation errors the request as before.
    const whole = { *[Symbol.iterator]() { yield Buffer.concat([...payload]); }, toString: (indent?: string) => (payload as { toString(indent?: string): string }).toString(indent) };
    return makeRequest.call(this, request, packetType, whole);
  };
}
