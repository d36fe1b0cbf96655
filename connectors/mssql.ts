// Microsoft SQL Server (tedious): UTC dates with datetime2's 100 ns digits, request timeouts, catalog views.
import type { Knex } from 'knex';
import type { ConnectionConfig, Value } from './connector.js';
import { ConnectorError, noAnswerWithin } from './errors.js';
import type { DialectQuirks } from './dialect-quirks.js';
import { adoptColumn, clientZone, driverDate, zonedMssqlClient, type TediousColumn } from './mssql-dates.js';
import { localTextOf, offsetTextOf } from './time-zone.js';
import { groupIndexColumns, listSchemaTables } from './catalog.js';
import { mssqlRequests } from './private/knex.js';
import { sendRequestsWhole, type MakeRequest } from './private/tedious.js';

/** Dates the zoned client has not made plain (results without column types): taken as UTC. */
function adoptRows(result: unknown): unknown {
  if (!Array.isArray(result)) return result;
  for (const row of result) {
    if (row === null || typeof row !== 'object') continue;
    for (const [column, value] of Object.entries(row as Record<string, unknown>)) {
      if (value instanceof Date) (row as Record<string, unknown>)[column] = driverDate(value);
    }
  }
  return result;
}

/** The part of a tedious request that a kept statement reads. */
interface TediousRequest { on(event: 'row', listener: (columns: TediousColumn[]) => void): void }

function describeFailure(error: unknown, config: ConnectionConfig): [ConnectorError['code'], string] | undefined {
  const code = String((error as { code?: unknown }).code ?? '');
  const message = String((error as Error).message ?? '');
  if (/Cannot open database/i.test(message)) return ['db_not_found', `There is no database named "${config.database}" on this SQL Server, or the user may not open it.`];
  if (code === 'ELOGIN' && config.authentication === 'ntlm') {
    return ['db_auth_failed', /untrusted domain/i.test(message)
      ? 'SQL Server does not accept Windows logins from here: it may accept only SQL Server logins, or not trust this domain. Ask its administrator, or use a SQL Server login.'
      : `SQL Server refused the Windows login ${config.domain ?? ''}\\${config.user ?? ''}: check the domain, the user name and the password, and that the account has a login on this server.`];
  }
  if (code === 'ELOGIN') return ['db_auth_failed', `SQL Server refused the login "${config.user}": check the user name and password, and that SQL Server authentication is enabled.`];
  if (code === 'EENCRYPT' || /encrypt|certificate|self[- ]signed|TLS|SSL/i.test(message)) {
    return ['db_tls', `The encrypted connection failed (${message}). Turn on "encrypt", or "trust server certificate" for a self-signed certificate.`];
  }
  if (code === 'EINSTLOOKUP') return ['db_unreachable', `The SQL Server instance "${String(config.options?.instanceName)}" was not found: check the name and that the SQL Server Browser service runs.`];
  if (code === 'ETIMEOUT' && /Request failed to complete/i.test(message)) return ['db_timeout', noAnswerWithin(config.queryTimeoutMs)];
  if (code === 'ETIMEOUT') return ['db_unreachable', `${config.host}:${config.port ?? 1433} did not answer in time: check the address, the port and any firewall.`];
  return undefined;
}

export const mssqlQuirks: DialectQuirks = {
  dialect: 'mssql',
  supportsReturning: true,
  // Knex cannot cancel a tedious request; tedious' own requestTimeout cancels it on the server instead.
  cancelsOnTimeout: false,
  readOnlySessions: true,
  lookupPlan: 'union-of-derived-tables',
  clockSql: "select datediff_big(millisecond, '19700101', sysutcdatetime()) as now",

  directStatements: {
    namedParameter: (index) => `@p${index}`,
    // The connection's requestTimeout cancels a statement on the server at the query timeout (see knexConfig).
    run(connection, knex, text, bindings) {
      const zone = clientZone(knex.client);
      const { Request, bind } = mssqlRequests<TediousRequest>(knex);
      return new Promise((resolve, reject) => {
        const rows: Array<Record<string, unknown>> = [];
        const request = new Request(text, (error) => (error ? reject(error) : resolve(rows)));
        request.on('row', (columns) => {
          const row: Record<string, unknown> = {};
          for (const column of columns) row[column.metadata.colName] = adoptColumn(column, zone);
          rows.push(row);
        });
        bindings.forEach((binding, index) => bind(request, index, binding));
        (connection as { execSql(request: TediousRequest): void }).execSql(request);
      });
    },
  },

  knexConfig(config: ConnectionConfig, access): Knex.Config {
    const options = config.options ?? {};
    const instanceName = typeof options.instanceName === 'string' && options.instanceName ? options.instanceName : undefined;
    const zone = config.timeZone ?? 'UTC';
    return {
      client: zonedMssqlClient(zone),
      connection: {
        server: config.host ?? '127.0.0.1',
        ...(instanceName ? {} : { port: config.port ?? 1433 }),
        user: config.user,
        password: config.password,
        // A Windows account: tedious answers the server's NTLM challenge with the domain, user and password.
        ...(config.authentication === 'ntlm' ? { type: 'ntlm', domain: config.domain } : {}),
        database: config.database,
        requestTimeout: config.queryTimeoutMs,
        connectionTimeout: Math.max(config.queryTimeoutMs, 1000),
        options: {
          encrypt: options.encrypt === 'strict' ? 'strict' : options.encrypt === true,
          trustServerCertificate: options.trustServerCertificate === true,
          ...(instanceName ? { instanceName } : {}),
          useUTC: true,
          appName: 'Deskbridge',
          // A phone lookup's parameters outgrow a 4 KB packet; split across two, Nagle holds the second back ~40 ms.
          packetSize: 16384,
          // A missing database is not worth three retries before the user hears about it.
          maxRetriesOnTransientErrors: 0,
          readOnlyIntent: access === 'read-only',
        },
      } as Knex.MsSqlConnectionConfig,
      pool: {
        min: 0,
        max: config.pool.max,
        afterCreate(connection: { makeRequest?: MakeRequest }, done: (error: Error | null, connection: unknown) => void) {
          sendRequestsWhole(connection);
          done(null, connection);
        },
      },
      postProcessResponse: adoptRows,
    };
  },

  // Text, not tedious' DateTime type, which would round to 1/300 s. Local time in the connection's zone for the types
  // without a zone (datetime and smalldatetime refuse text with an offset); a datetimeoffset reads text without one as
  // +00:00, so it gets the offset.
  bindDate: (date, zone, zoned) => (zoned ? offsetTextOf(date.getTime(), zone) : localTextOf(date.getTime(), zone).replace(' ', 'T')),
  isZonedColumnType: (type) => type.toLowerCase() === 'datetimeoffset',

  whereInIgnoringCase(builder, column, values) {
    // SQL Server's usual collations ignore case, so a plain IN keeps the index usable.
    builder.whereIn(column, values);
  },

  // tedious gives a server's error message (a number) as an EREQUEST RequestError; timeouts and socket errors have none.
  refusedByDatabase(error) {
    const { code, number } = error as { code?: unknown; number?: unknown };
    return code === 'EREQUEST' && typeof number === 'number';
  },

  classifyError(error, config) {
    const known = describeFailure(error, config);
    return known ? new ConnectorError(known[0], known[1], { cause: error }) : undefined;
  },

  listTables: (knex) => listSchemaTables(knex, { currentSchema: 'schema_name()', capitals: true, withSchema: true }),

  async describeColumns(knex, table) {
    const rows: Array<{ name: string; type: string; nullable: string; primary_key: Value }> = await knex.raw(`
      select c.COLUMN_NAME as name, c.DATA_TYPE as type, c.IS_NULLABLE as nullable,
        case when exists (select 1 from INFORMATION_SCHEMA.TABLE_CONSTRAINTS tc
          join INFORMATION_SCHEMA.KEY_COLUMN_USAGE k on k.CONSTRAINT_NAME = tc.CONSTRAINT_NAME and k.TABLE_NAME = tc.TABLE_NAME
          where tc.CONSTRAINT_TYPE = 'PRIMARY KEY' and tc.TABLE_NAME = c.TABLE_NAME and tc.TABLE_SCHEMA = c.TABLE_SCHEMA
          and k.COLUMN_NAME = c.COLUMN_NAME) then 1 else 0 end as primary_key
      from INFORMATION_SCHEMA.COLUMNS c
      where c.TABLE_SCHEMA = schema_name() and c.TABLE_NAME = ? order by c.ORDINAL_POSITION`, [table]);
    if (rows.length === 0) throw new ConnectorError('db_query_failed', `There is no table or view named "${table}".`);
    return rows.map((row) => ({ name: row.name, type: row.type, nullable: row.nullable === 'YES', primaryKey: Number(row.primary_key) === 1 }));
  },

  async listIndexes(knex, table) {
    const rows: Array<{ name: string; is_unique: Value; column_name: string }> = await knex.raw(`
      select i.name as name, i.is_unique as is_unique, c.name as column_name
      from sys.indexes i
      join sys.index_columns ic on ic.object_id = i.object_id and ic.index_id = i.index_id
      join sys.columns c on c.object_id = ic.object_id and c.column_id = ic.column_id
      where i.object_id = object_id(?) and i.name is not null and ic.is_included_column = 0
      order by i.name, ic.key_ordinal`, [table]);
    return groupIndexColumns(rows.map((row) => ({ name: row.name, column: row.column_name, unique: row.is_unique === true || Number(row.is_unique) === 1 })));
  },
};
