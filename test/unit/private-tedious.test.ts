// tedious' internals the SQL Server connector relies on (connectors/private/tedious.ts): an upgrade that moves one fails here.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Connection } from 'tedious';
import { sendRequestsWhole, type MakeRequest } from '../../connectors/private/tedious.js';

test('tedious\' Connection still sends each request through makeRequest(request, packetType, payload)', () => {
  const makeRequest = (Connection.prototype as unknown as { makeRequest?: unknown }).makeRequest;
  assert.equal(typeof makeRequest, 'function', 'tedious: Connection.makeRequest is gone; see connectors/private/tedious.ts');
  assert.equal((makeRequest as MakeRequest).length, 3, 'tedious: makeRequest takes other arguments now; see connectors/private/tedious.ts');
});

test('a payload read in pieces is handed over as one buffer with the same bytes; an async one is left alone', async () => {
  const sent: Array<Iterable<Buffer> | AsyncIterable<Buffer>> = [];
  const connection: { makeRequest?: MakeRequest } = { makeRequest(_request, _type, payload) { sent.push(payload); } };
  sendRequestsWhole(connection);
  connection.makeRequest!.call(connection, {}, 3, [Buffer.from('ab'), Buffer.from('c')]);
  const whole = [...(sent[0] as Iterable<Buffer>)];
  assert.deepEqual(whole.map((piece) => piece.toString()), ['abc']);
  const bulk = { async *[Symbol.asyncIterator]() { yield Buffer.from('x'); } };
  connection.makeRequest!.call(connection, {}, 7, bulk);
  assert.equal(sent[1], bulk);
});
