// Decodes what tedious sends: LOGIN7, SQL batches and sp_executesql RPC calls with typed parameters.
import { PayloadReader } from './wire.js';

export interface Login {
  user: string; password: string; database: string; packetSize: number;
  /** Integrated security (fIntSecurity): the client logs in with the SSPI message instead of a user and password. */
  sspi?: Buffer;
}
export type ParameterValue = string | number | bigint | boolean | Buffer | null;
export interface SqlCall { sql: string; parameters: Record<string, ParameterValue> }

const SP_EXECUTESQL = 10;
const TYPE = { intN: 0x26, bitN: 0x68, floatN: 0x6d, dateTimeN: 0x6f, dateTime2N: 0x2a, nvarchar: 0xe7, varchar: 0xa7, varbinary: 0xa5 } as const;
const DAY_MS = 86_400_000;
const YEAR_1900 = Date.UTC(1900, 0, 1);
const YEAR_1 = -62_135_596_800_000;

/** Passwords travel with each byte's nibbles swapped and XORed with 0xA5. */
function unscramble(bytes: Buffer): string {
  const plain = Buffer.from(bytes.map((byte) => {
    const flipped = byte ^ 0xa5;
    return ((flipped & 0x0f) << 4) | (flipped >> 4);
  }));
  return plain.toString('ucs2');
}

export function parseLogin7(payload: Buffer): Login {
  const field = (at: number): Buffer => {
    const offset = payload.readUInt16LE(at);
    const characters = payload.readUInt16LE(at + 2);
    return payload.subarray(offset, offset + characters * 2);
  };
  const integrated = (payload.readUInt8(25) & 0x80) !== 0;
  return {
    packetSize: payload.readUInt32LE(8),
    user: field(40).toString('ucs2'),
    password: unscramble(field(44)),
    database: field(68).toString('ucs2'),
    ...(integrated ? { sspi: payload.subarray(payload.readUInt16LE(78), payload.readUInt16LE(78) + payload.readUInt16LE(80)) } : {}),
  };
}

function skipAllHeaders(reader: PayloadReader): void {
  const total = reader.uint32();
  reader.offset += total - 4;
}

export function parseSqlBatch(payload: Buffer): string {
  const reader = new PayloadReader(payload);
  skipAllHeaders(reader);
  return payload.subarray(reader.offset).toString('ucs2');
}

/** The canonical text the double stores datetimes as: ISO-8601 with 7 fractional digits, no zone. */
export function canonicalDateText(milliseconds: number, extraTicks = 0): string {
  const iso = new Date(milliseconds).toISOString();
  return `${iso.slice(0, 23)}${String(extraTicks).padStart(4, '0')}`;
}

function readPlp(reader: PayloadReader): Buffer | null {
  const total = reader.uint64();
  if (total === 0xffffffffffffffffn) return null;
  const chunks: Buffer[] = [];
  for (let size = reader.uint32(); size > 0; size = reader.uint32()) chunks.push(reader.slice(size));
  return Buffer.concat(chunks);
}

function readValue(reader: PayloadReader): ParameterValue {
  const type = reader.uint8();
  if (type === TYPE.nvarchar || type === TYPE.varchar || type === TYPE.varbinary) {
    const maxLength = reader.uint16();
    if (type !== TYPE.varbinary) reader.slice(5); // collation
    const bytes = maxLength === 0xffff ? readPlp(reader) : (() => { const length = reader.uint16(); return length === 0xffff ? null : reader.slice(length); })();
    if (bytes === null) return null;
    return type === TYPE.nvarchar ? bytes.toString('ucs2') : type === TYPE.varchar ? bytes.toString('latin1') : bytes;
  }
  if (type === TYPE.dateTime2N) {
    const scale = reader.uint8();
    const length = reader.uint8();
    if (length === 0) return null;
    const timeSize = length - 3;
    const units = reader.uintLE(timeSize) * 10 ** (7 - scale);
    const days = reader.uintLE(3);
    const milliseconds = YEAR_1 + days * DAY_MS + Math.floor(units / 10_000);
    return canonicalDateText(milliseconds, units % 10_000);
  }
  reader.uint8(); // declared size
  const length = reader.uint8();
  if (length === 0) return null;
  if (type === TYPE.intN) return length === 8 ? reader.int64() : length === 4 ? reader.int32() : reader.uintLE(length);
  if (type === TYPE.bitN) return reader.uint8() === 1;
  if (type === TYPE.floatN) return length === 8 ? reader.double() : reader.float();
  if (type === TYPE.dateTimeN) {
    const days = reader.int32();
    const ticks = reader.uint32();
    return canonicalDateText(YEAR_1900 + days * DAY_MS + Math.round(ticks * 10 / 3));
  }
  throw new Error(`The TDS test double does not read parameters of type 0x${type.toString(16)}.`);
}

/** An sp_executesql call: statement, declarations, then the values by name (without @). */
export function parseRpc(payload: Buffer): SqlCall {
  const reader = new PayloadReader(payload);
  skipAllHeaders(reader);
  const nameLength = reader.uint16();
  const procedure = nameLength === 0xffff ? reader.uint16() : reader.slice(nameLength * 2).toString('ucs2');
  if (procedure !== SP_EXECUTESQL && String(procedure).toLowerCase() !== 'sp_executesql') {
    throw new Error(`The TDS test double only runs sp_executesql, not ${procedure}.`);
  }
  reader.uint16(); // option flags
  const values: Array<[string, ParameterValue]> = [];
  while (!reader.done) {
    const name = reader.bVarchar().replace(/^@/, '');
    reader.uint8(); // status flags
    values.push([name, readValue(reader)]);
  }
  const [statement, , ...rest] = values;
  return { sql: String(statement?.[1] ?? ''), parameters: Object.fromEntries(rest) };
}
