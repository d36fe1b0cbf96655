// TDS framing for the test double: packets in and out, and a small writer for token streams.
import type { Socket } from 'node:net';

export const PACKET = { sqlBatch: 0x01, rpc: 0x03, tabularResult: 0x04, attention: 0x06, login7: 0x10, prelogin: 0x12 } as const;
const HEADER_LENGTH = 8;
const END_OF_MESSAGE = 0x01;

export interface Message { type: number; payload: Buffer }

/** Reassembles packets from a socket into whole messages. */
export function readMessages(socket: Socket, onMessage: (message: Message) => void): void {
  let pending = Buffer.alloc(0);
  let parts: Buffer[] = [];
  socket.on('data', (chunk: Buffer) => {
    pending = Buffer.concat([pending, chunk]);
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
  for (let offset = 0; offset < payload.length || offset === 0; offset += room) {
    const body = payload.subarray(offset, offset + room);
    const last = offset + room >= payload.length;
    const header = Buffer.alloc(HEADER_LENGTH);
    header.writeUInt8(type, 0);
    header.writeUInt8(last ? END_OF_MESSAGE : 0, 1);
    header.writeUInt16BE(HEADER_LENGTH + body.length, 2);
    header.writeUInt16BE(0, 4);
    header.writeUInt8(packetId++ % 256, 6);
    socket.write(Buffer.concat([header, body]));
    if (last) break;
  }
}

/** Appends little-endian values and TDS strings to a growing buffer. */
export class TokenWriter {
  private readonly chunks: Buffer[] = [];

  private push(size: number, write: (buffer: Buffer) => void): this {
    const buffer = Buffer.alloc(size);
    write(buffer);
    this.chunks.push(buffer);
    return this;
  }
  uint8(value: number): this { return this.push(1, (b) => b.writeUInt8(value)); }
  uint16(value: number): this { return this.push(2, (b) => b.writeUInt16LE(value)); }
  int32(value: number): this { return this.push(4, (b) => b.writeInt32LE(value)); }
  uint32(value: number): this { return this.push(4, (b) => b.writeUInt32LE(value)); }
  uint32BE(value: number): this { return this.push(4, (b) => b.writeUInt32BE(value)); }
  int64(value: bigint): this { return this.push(8, (b) => b.writeBigInt64LE(value)); }
  uint64(value: bigint): this { return this.push(8, (b) => b.writeBigUInt64LE(value)); }
  double(value: number): this { return this.push(8, (b) => b.writeDoubleLE(value)); }
  bytes(value: Buffer): this { this.chunks.push(value); return this; }
  /** B_VARCHAR: length in characters (one byte), then UCS-2. */
  bVarchar(text: string): this { return this.uint8(text.length).bytes(Buffer.from(text, 'ucs2')); }
  /** US_VARCHAR: length in characters (two bytes), then UCS-2. */
  usVarchar(text: string): this { return this.uint16(text.length).bytes(Buffer.from(text, 'ucs2')); }
  /** A token whose body starts with its own two-byte length. */
  sized(token: number, body: TokenWriter): this {
    const content = body.toBuffer();
    return this.uint8(token).uint16(content.length).bytes(content);
  }
  toBuffer(): Buffer { return Buffer.concat(this.chunks); }
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
