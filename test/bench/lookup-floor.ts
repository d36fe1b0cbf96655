// The floor lookups are measured against: a minimal node:http server on the same driver, answering a phone from the
// E.164 index the bridge built ahead (the same SQLite table) and an id directly, with the same two interaction reads
// (the columns the demo mapping maps).
// Run as its own process(es): `node --import tsx lookup-floor.ts CONFIG_JSON`; prints {"port":N} once listening.
import cluster from 'node:cluster';
import http from 'node:http';
import Database from 'better-sqlite3';
import mysql from 'mysql2/promise';
import pg from 'pg';

export interface FloorConfig {
  dialect: 'sqlite' | 'mysql' | 'postgres';
  /** The CRM: a SQLite file, or the server's connection (PostgreSQL: with the schema). */
  filename?: string;
  host?: string;
  port?: number;
  user?: string;
  database?: string;
  schema?: string;
  /** Connections per process, as the bridge's pool share. */
  pool: number;
  processes: number;
  /** The bridge's state database and the index table to answer phones from. */
  stateFile: string;
  indexTable: string;
}

type Query = (sql: string, values: unknown[]) => Promise<unknown[]>;

/** The demo mapping's interaction reads: the columns it maps, as the bridge reads them. */
const READS = [['tickets', 'customer_id, id, subject, created_at, body, state, prio'], ['notes', 'customer_id, id, subject, created_at, body']].map(([table, columns]) =>
  `select ${columns} from ${table} where customer_id in (?) order by created_at desc limit 50`);

function queryFor(config: FloorConfig): Query {
  if (config.dialect === 'sqlite') {
    const db = new Database(config.filename!, { readonly: true });
    const statements = new Map<string, Database.Statement>();
    return async (sql, values) => {
      let statement = statements.get(sql);
      if (!statement) statements.set(sql, statement = db.prepare(sql));
      return statement.all(...values);
    };
  }
  if (config.dialect === 'mysql') {
    const pool = mysql.createPool({ host: config.host, port: config.port, user: config.user, database: config.database, connectionLimit: config.pool });
    return async (sql, values) => (await pool.query(sql, values))[0] as unknown[];
  }
  const pool = new pg.Pool({ host: config.host, port: config.port, user: config.user, database: config.database, max: config.pool, options: `-c search_path=${config.schema}` });
  return async (sql, values) => {
    let position = 0;
    return (await pool.query(sql.replace(/\?/g, () => `$${(position += 1)}`), values)).rows;
  };
}

function serve(config: FloorConfig): void {
  const query = queryFor(config);
  const index = new Database(config.stateFile, { readonly: true });
  const byNumber = index.prepare(`select contact_key from "${config.indexTable}" where number = ? limit 20`).pluck();
  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const { data } = JSON.parse(Buffer.concat(chunks).toString('utf8')) as { data: { contact_phones?: string[]; contact_external_id?: string } };
      const keys = data.contact_external_id ? [data.contact_external_id] : byNumber.all(data.contact_phones?.[0] ?? '');
      const reads = keys.length === 0 ? Promise.resolve([]) : Promise.all(READS.map((sql) => query(sql.replace('in (?)', keys.length === 1 ? '= ?' : `in (${keys.map(() => '?').join(', ')})`), keys)));
      reads.then((rows) => {
        response.writeHead(200, { 'content-type': 'application/json' });
        response.end(JSON.stringify(rows.flat()));
      }, (error: Error) => {
        response.writeHead(503, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: { code: 'db_unavailable', message: error.message } }));
      });
    });
  });
  server.listen(0, '127.0.0.1');
  server.on('listening', () => process.send?.({ port: (server.address() as { port: number }).port }));
}

const config = JSON.parse(process.argv[2] ?? '{}') as FloorConfig;
if (cluster.isPrimary && config.processes > 1) {
  // Workers share the primary's listening socket, as the bridge's public processes share its port.
  cluster.setupPrimary({ execArgv: process.execArgv });
  let listening = 0;
  for (let index = 0; index < config.processes; index += 1) {
    cluster.fork().on('listening', (address) => {
      listening += 1;
      if (listening === config.processes) console.log(JSON.stringify({ port: address.port }));
    });
  }
} else if (cluster.isPrimary) {
  process.send = (message: unknown) => { console.log(JSON.stringify(message)); return true; };
  serve(config);
} else {
  serve(config);
}
