// Which kind of server answers at an address, told from a few bytes of its own protocol: a connection test that fails
// because the database type or the port is wrong says so, instead of repeating a driver's protocol error.
import net from 'node:net';
import type { ConnectionConfig, Dialect } from './connector.js';
import { ConnectorError } from './errors.js';

export type ServerKind = 'mysql' | 'postgres' | 'mssql' | 'ssh' | 'web' | 'other';
type NetworkDialect = Exclude<Dialect, 'sqlite'>;

/** Each network dialect's name in words and its usual port. */
const SERVERS: Record<NetworkDialect, { name: string; port: number }> = {
  mysql: { name: 'MySQL or MariaDB', port: 3306 },
  postgres: { name: 'PostgreSQL', port: 5432 },
  mssql: { name: 'SQL Server', port: 1433 },
};

/** How long a server that speaks first (MySQL, SSH) takes to greet; then each probe's answer. */
const GREETING_MS = 400;
const ANSWER_MS = 800;

/** PostgreSQL's SSLRequest: any PostgreSQL server answers it with one byte, S or N. */
const SSL_REQUEST = Buffer.from([0, 0, 0, 8, 0x04, 0xd2, 0x16, 0x2f]);
/** A TDS PRELOGIN packet (version, no encryption): SQL Server answers with a tabular result packet (0x04). */
const PRELOGIN = Buffer.from([
  0x12, 0x01, 0x00, 0x1a, 0x00, 0x00, 0x00, 0x00,
  0x00, 0x00, 0x0b, 0x00, 0x06, 0x01, 0x00, 0x11, 0x00, 0x01, 0xff,
  0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02,
]);

/** The first bytes the server sends, within `waitMs`, after `hello` (if any); undefined when it sends none. */
function firstBytes(host: string, port: number, hello: Buffer | undefined, waitMs: number): Promise<Buffer | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (data?: Buffer) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(data);
    };
    // Connecting gets a second; then the server gets `waitMs` to send something.
    let timer = setTimeout(() => done(), 1000);
    socket.once('connect', () => {
      clearTimeout(timer);
      timer = setTimeout(() => done(), waitMs);
      if (hello) socket.write(hello);
    });
    socket.once('data', (data) => done(data));
    socket.once('error', () => done());
    socket.once('close', () => done());
  });
}

function kindOfGreeting(data: Buffer): ServerKind {
  if (data.subarray(0, 4).toString('latin1') === 'SSH-') return 'ssh';
  // A MySQL packet: 3 bytes of length, sequence 0, then the handshake (protocol 10) or an error packet (0xff).
  if (data.length >= 5 && data[3] === 0 && (data[4] === 0x0a || data[4] === 0xff)) return 'mysql';
  return 'other';
}

/** What answers at the address: undefined when nothing does, or when it cannot be told. */
export async function identifyServer(host: string, port: number): Promise<ServerKind | undefined> {
  const greeting = await firstBytes(host, port, undefined, GREETING_MS);
  if (greeting) return kindOfGreeting(greeting);
  const isWeb = (data: Buffer) => data.subarray(0, 5).toString('latin1') === 'HTTP/';
  const ssl = await firstBytes(host, port, SSL_REQUEST, ANSWER_MS);
  if (ssl?.length === 1 && (ssl[0] === 0x53 || ssl[0] === 0x4e)) return 'postgres';
  if (ssl && isWeb(ssl)) return 'web';
  const tds = await firstBytes(host, port, PRELOGIN, ANSWER_MS);
  if (tds?.[0] === 0x04) return 'mssql';
  if (tds && isWeb(tds)) return 'web';
  return undefined;
}

/** Each address's kind as last told, so that a database that keeps failing (polled by the dashboard) is probed once a minute. */
const told = new Map<string, { kind: Promise<ServerKind | undefined>; at: number }>();
const TOLD_FOR_MS = 60_000;

function recentKind(host: string, port: number): Promise<ServerKind | undefined> {
  const address = `${host}:${port}`;
  const now = Date.now();
  const known = told.get(address);
  if (known && now - known.at < TOLD_FOR_MS) return known.kind;
  if (told.size >= 100) told.clear();
  const kind = identifyServer(host, port).catch(() => undefined);
  told.set(address, { kind, at: now });
  return kind;
}

/** Errors that a server of another kind at the address can cause: a protocol the driver could not read, or no handshake. */
const MAYBE_ANOTHER_SERVER = new Set(['db_query_failed', 'db_unavailable', 'db_timeout', 'db_unreachable', 'db_tls']);

/**
 * The error a failed connection test is to report: `error` itself, or, when the server that answers is not of the
 * connection's kind, that (and what to change). SQL Server's named instances have no fixed port and are not probed.
 */
export async function explainWrongServer(error: unknown, config: ConnectionConfig): Promise<unknown> {
  if (config.dialect === 'sqlite' || !(error instanceof ConnectorError) || !MAYBE_ANOTHER_SERVER.has(error.code)) return error;
  if (config.dialect === 'mssql' && config.options?.instanceName) return error;
  const ours = SERVERS[config.dialect];
  const host = config.host ?? 'localhost';
  const port = config.port ?? ours.port;
  const kind = await recentKind(host, port);
  if (kind === undefined || kind === config.dialect || kind === 'other') return error;
  const where = `${host}:${port}`;
  const usual = `give the port ${ours.name} listens on (usually ${ours.port})`;
  const message = kind === 'ssh' || kind === 'web'
    ? `${where} is ${kind === 'ssh' ? 'an SSH server' : 'a web server'}, not ${ours.name}: ${usual}.`
    : `${where} answers as a ${SERVERS[kind].name} server, not ${ours.name}: choose ${SERVERS[kind].name} as the database type, or ${usual}.`;
  return new ConnectorError('db_unreachable', message, { cause: error });
}
