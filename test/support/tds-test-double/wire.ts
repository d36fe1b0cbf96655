// TDS framing for the test double: packets in and out, and a small writer for token streams.
import type { Socket } from 'node:net';

export const PACKET = { sqlBatch: 0x01, rpc: 0x03, tabularResult: 0x04, attention: 0x06, login7: 0x10, sspi: 0x11, prelogin: 0x12 } as const;
const HEADER_LENGTH = 8;
const END_OF_MESSAGE = 0x01;

export interface Message { type: number; payload: Buffer }

/** Reassembles packets from a socket into whole messages. */
export function readMessages(socket: Socket, onMessage: (message: Message) => void): void {
  let pending: Buffer = Buffer.alloc(0);
  let parts: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => {
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= HEADER_LENGTH) {
      const length = pending.readUInt16BE(2);
      if (pending.length < length) return;
      const type = pending[0]!;
      const status = pending[1]!;
      parts.push(pending.subarray(HEADER_LENGTH, length));
      pending = pending.subarray(length);
      if (status & END_OF_MESSAGE) {
        const payload = Buffer.concat(parts);
        parts = [];
        onMessage({ type, payload });
      }
    }
  });
}

/** Sends one message, split into packets of the negotiated size. */
export function writeMessage(socket: Socket, type: number, payload: Buffer, packetSize = 4096): void {
  const room = packetSize - HEADER_LENGTH;
  let packetId = 1;
  socket.cork();
  for (let offset = 0; offset < payload.length || offset === 0; offset += room) {
    const body = payload.subarray(offset, offset + room);
    const last = offset + room >= payload.length;
    const packet = Buffer.allocUnsafe(HEADER_LENGTH + body.length);
    packet.writeUInt8(type, 0);
    packet.writeUInt8(last ? END_OF_MESSAGE : 0, 1);
    packet.writeUInt16BE(HEADER_LENGTH + body.length, 2);
    packet.writeUInt16BE(0, 4);
    packet.writeUInt8(packetId++ % 256, 6);
    packet.writeUInt8(0, 7);
    body.copy(packet, HEADER_LENGTH);
    socket.write(packet);
    if (last) break;
  }
  socket.uncork();
}

/** Appends little-endian values and TDS strings to one growing buffer. */
export class TokenWriter {
  private buffer = Buffer.allocUnsafe(256);
  private length = 0;

  /** Room for `size` more bytes; returns where they start. Call it before reading `this.buffer`, which it may replace. */
  private reserve(size: number): number {
    const start = this.length;
    if (start + size > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, start + size));
      this.buffer.copy(grown, 0, 0, start);
      this.buffer = grown;
    }
    this.length += size;
    return start;
  }
  uint8(value: number): this { const at = this.reserve(1); this.buffer.writeUInt8(value, at); return this; }
  uint16(value: number): this { const at = this.reserve(2); this.buffer.writeUInt16LE(value, at); return this; }
  int32(value: number): this { const at = this.reserve(4); this.buffer.writeInt32LE(value, at); return this; }
  uint32(value: number): this { const at = this.reserve(4); this.buffer.writeUInt32LE(value, at); return this; }
  uint32BE(value: number): this { const at = this.reserve(4); this.buffer.writeUInt32BE(value, at); return this; }
  int64(value: bigint): this { const at = this.reserve(8); this.buffer.writeBigInt64LE(value, at); return this; }
  uint64(value: bigint): this { const at = this.reserve(8); this.buffer.writeBigUInt64LE(value, at); return this; }
  double(value: number): this { const at = this.reserve(8); this.buffer.writeDoubleLE(value, at); return this; }
  uintLE(value: number, size: number): this { const at = this.reserve(size); this.buffer.writeUIntLE(value, at, size); return this; }
  bytes(value: Buffer): this { const at = this.reserve(value.length); value.copy(this.buffer, at); return this; }
  /** UCS-2 text, without a length. */
  ucs2(text: string): this { const at = this.reserve(text.length * 2); this.buffer.write(text, at, 'ucs2'); return this; }
  /** B_VARCHAR: length in characters (one byte), then UCS-2. */
  bVarchar(text: string): this { return this.uint8(text.length).ucs2(text); }
  /** US_VARCHAR: length in characters (two bytes), then UCS-2. */
  usVarchar(text: string): this { return this.uint16(text.length).ucs2(text); }
  /** A token whose body starts with its own two-byte length. */
  sized(token: number, body: TokenWriter): this {
    const content = body.toBuffer();
    return this.uint8(token).uint16(content.length).bytes(content);
  }
  toBuffer(): Buffer { return this.buffer.subarray(0, this.length); }
}

/** Reads little-endian values and TDS strings from a request payload. */
export class PayloadReader {
  offset = 0;
  constructor(readonly buffer: Buffer) {}
  get done(): boolean { return this.offset >= this.buffer.length; }
  uint8(): number { return this.buffer.readUInt8(this.advance(1)); }
  uint16(): number { return this.buffer.readUInt16LE(this.advance(2)); }
  uint32(): number { return this.buffer.readUInt32LE(this.advance(4)); }
  int32(): number { return this.buffer.readInt32LE(this.advance(4)); }
  int64(): bigint { return this.buffer.readBigInt64LE(this.advance(8)); }
  uint64(): bigint { return this.buffer.readBigUInt64LE(this.advance(8)); }
  double(): number { return this.buffer.readDoubleLE(this.advance(8)); }
  float(): number { return this.buffer.readFloatLE(this.advance(4)); }
  uintLE(size: number): number { return this.buffer.readUIntLE(this.advance(size), size); }
  slice(size: number): Buffer { const start = this.advance(size); return this.buffer.subarray(start, start + size); }
  bVarchar(): string { return this.slice(this.uint8() * 2).toString('ucs2'); }
  private advance(size: number): number {
    const start = this.offset;
    this.offset += size;
    return start;
  }
}
