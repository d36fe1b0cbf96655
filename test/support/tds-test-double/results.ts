// Encodes the double's answers: pre-login, login acknowledgement, result sets, DONE and ERROR tokens.
import { TokenWriter } from './wire.js';

export type ColumnType = 'int' | 'bigint' | 'bit' | 'float' | 'nvarchar' | 'datetime2' | 'datetimeoffset';
export interface ResultColumn { name: string; type: ColumnType }
export type CellValue = string | number | bigint | null;

const TOKEN = { sspi: 0xed, colMetadata: 0x81, row: 0xd1, done: 0xfd, doneProc: 0xfe, doneInProc: 0xff, error: 0xaa, loginAck: 0xad, envChange: 0xe3, returnStatus: 0x79 } as const;
export const DONE = { final: 0x00, more: 0x01, error: 0x02, count: 0x10, attention: 0x20 } as const;
/** Latin1_General_CI_AS, the collation SQL Server installs by default. */
const COLLATION = Buffer.from([0x09, 0x04, 0xd0, 0x00, 0x34]);
const DAY_MS = 86_400_000;
const YEAR_1 = -62_135_596_800_000;

/** Pre-login answer: version 16.0, encryption not supported (or required, to test a refusal), no MARS. */
export function preloginResponse(requireEncryption: boolean): Buffer {
  const options: Array<[number, Buffer]> = [
    [0x00, Buffer.from([16, 0, 0x10, 0x00, 0, 0])],
    [0x01, Buffer.from([requireEncryption ? 0x03 : 0x02])],
    [0x02, Buffer.from([0])],
    [0x03, Buffer.alloc(4)],
    [0x04, Buffer.from([0])],
  ];
  const headerLength = options.length * 5 + 1;
  const header = new TokenWriter();
  let offset = headerLength;
  for (const [token, data] of options) {
    header.uint8(token).bytes(Buffer.from([offset >> 8, offset & 0xff, data.length >> 8, data.length & 0xff]));
    offset += data.length;
  }
  header.uint8(0xff);
  return Buffer.concat([header.toBuffer(), ...options.map(([, data]) => data)]);
}

export function loginAcknowledgement(database: string, packetSize: number): Buffer {
  const out = new TokenWriter();
  const envChange = (type: number, value: string): void => {
    out.sized(TOKEN.envChange, new TokenWriter().uint8(type).bVarchar(value).bVarchar(''));
  };
  envChange(1, database);
  out.sized(TOKEN.envChange, new TokenWriter().uint8(7).uint8(COLLATION.length).bytes(COLLATION).uint8(0));
  out.sized(TOKEN.loginAck, new TokenWriter().uint8(1).uint32BE(0x74000004).bVarchar('TDS test double').uint8(16).uint8(0).uint8(0).uint8(1));
  envChange(4, String(packetSize));
  done(out, TOKEN.done, DONE.final, 0);
  return out.toBuffer();
}

/** An SSPI token: the server's step of an integrated login (an NTLM CHALLENGE). */
export function sspiToken(data: Buffer): Buffer {
  return new TokenWriter().uint8(TOKEN.sspi).uint16(data.length).bytes(data).toBuffer();
}

export function done(out: TokenWriter, token: number, status: number, rowCount: number): TokenWriter {
  return out.uint8(token).uint16(status).uint16(0xc1).uint64(BigInt(rowCount));
}
export const doneTokens = TOKEN;

export function errorToken(out: TokenWriter, number: number, message: string, severity = 16): TokenWriter {
  return out.sized(TOKEN.error, new TokenWriter().int32(number).uint8(1).uint8(severity).usVarchar(message)
    .bVarchar('TDS test double').bVarchar('').int32(1));
}

export function returnStatus(out: TokenWriter): TokenWriter {
  return out.uint8(TOKEN.returnStatus).int32(0);
}

function typeInfo(out: TokenWriter, type: ColumnType): void {
  if (type === 'int') out.uint8(0x26).uint8(4);
  else if (type === 'bigint') out.uint8(0x26).uint8(8);
  else if (type === 'bit') out.uint8(0x68).uint8(1);
  else if (type === 'float') out.uint8(0x6d).uint8(8);
  else if (type === 'datetime2') out.uint8(0x2a).uint8(7);
  else if (type === 'datetimeoffset') out.uint8(0x2b).uint8(7);
  else out.uint8(0xe7).uint16(8000).bytes(COLLATION);
}

export function columnMetadata(out: TokenWriter, columns: ResultColumn[]): void {
  out.uint8(TOKEN.colMetadata).uint16(columns.length);
  for (const column of columns) {
    out.uint32(0).uint16(0x0001); // user type; flags: nullable
    typeInfo(out, column.type);
    out.bVarchar(column.name);
  }
}

/** 'YYYY-MM-DDTHH:MM:SS.fffffff' as datetime2(7)'s parts: 100 ns units since midnight, then days since 0001-01-01. */
function writeDateTimeParts(out: TokenWriter, text: string): TokenWriter {
  const match = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{7})$/.exec(text);
  if (!match) throw new Error(`"${text}" is not a datetime2 value.`);
  const midnight = Date.parse(`${match[1]}T00:00:00Z`);
  const seconds = Number(match[2]) * 3600 + Number(match[3]) * 60 + Number(match[4]);
  const units = seconds * 10_000_000 + Number(match[5]);
  return out.uintLE(units, 5).uintLE((midnight - YEAR_1) / DAY_MS, 3);
}

/**
 * The stored UTC text as datetimeoffset(7): the datetime2 parts in UTC, then the offset in minutes. The double keeps
 * no offset (statements.ts stores the instant), so it is +00:00: the same instant a real server would give.
 */
function writeDateTimeOffset(out: TokenWriter, text: string): void {
  writeDateTimeParts(out.uint8(10), text).uint16(0);
}

function writeCell(out: TokenWriter, type: ColumnType, value: CellValue): void {
  if (value === null) {
    if (type === 'nvarchar') out.uint16(0xffff);
    else out.uint8(0);
    return;
  }
  if (type === 'int') out.uint8(4).int32(Number(value));
  else if (type === 'bigint') out.uint8(8).int64(BigInt(value));
  else if (type === 'bit') out.uint8(1).uint8(Number(value) ? 1 : 0);
  else if (type === 'float') out.uint8(8).double(Number(value));
  else if (type === 'datetime2') writeDateTimeParts(out.uint8(8), String(value));
  else if (type === 'datetimeoffset') writeDateTimeOffset(out, String(value));
  else {
    const text = String(value);
    out.uint16(text.length * 2).ucs2(text);
  }
}

export function rowToken(out: TokenWriter, columns: ResultColumn[], row: CellValue[]): void {
  out.uint8(TOKEN.row);
  columns.forEach((column, index) => writeCell(out, column.type, row[index] ?? null));
}
