// What the connection's user may do beyond reading, from each database's own catalog (or the SQLite file's permissions).
import { constants } from 'node:fs';
import { access } from 'node:fs/promises';
import type { Knex } from 'knex';
import type { ConnectionConfig, Dialect, UserAccess } from './connector.js';

/** MySQL privileges that change data or tables. */
const MYSQL_WRITES = new Set(['INSERT', 'UPDATE', 'DELETE', 'DROP', 'ALTER', 'CREATE']);

async function postgresAccess(knex: Knex): Promise<UserAccess> {
  const { rows: [role] } = await knex.raw(`select current_user as name, r.rolsuper as superuser,
      pg_has_role(current_user, 'pg_write_server_files', 'member') as file_writer,
      pg_has_role(current_user, 'pg_execute_server_program', 'member') as program_runner
    from pg_roles r where r.rolname = current_user`) as { rows: Array<{ name: string; superuser: boolean; file_writer: boolean; program_runner: boolean }> };
  const { rows } = await knex.raw(`select case when n.nspname = current_schema() then c.relname else n.nspname || '.' || c.relname end as name
    from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where c.relkind in ('r', 'p') and n.nspname not in ('pg_catalog', 'information_schema') and n.nspname not like 'pg\\_toast%'
      and (has_table_privilege(c.oid, 'INSERT') or has_table_privilege(c.oid, 'UPDATE') or has_table_privilege(c.oid, 'DELETE') or has_table_privilege(c.oid, 'TRUNCATE'))
    order by 1`) as { rows: Array<{ name: string }> };
  const administrator = role?.superuser ? 'a superuser'
    : role?.file_writer || role?.program_runner ? 'allowed to write files or run programs on the server' : undefined;
  return { user: role?.name ?? 'unknown', ...(administrator ? { administrator } : {}), writableTables: rows.map((row) => row.name) };
}

async function mysqlAccess(knex: Knex): Promise<UserAccess> {
  const [[current]] = await knex.raw('select current_user() as name') as [[{ name: string }]];
  const at = current.name.lastIndexOf('@');
  // information_schema names a grantee as 'user'@'host'.
  const grantee = `'${current.name.slice(0, at)}'@'${current.name.slice(at + 1)}'`;
  const [global] = await knex.raw('select privilege_type as privilege from information_schema.user_privileges where grantee = ?', [grantee]) as [Array<{ privilege: string }>];
  const [schema] = await knex.raw('select privilege_type as privilege from information_schema.schema_privileges where grantee = ? and table_schema = database()', [grantee]) as [Array<{ privilege: string }>];
  const [tables] = await knex.raw('select distinct table_name as name, privilege_type as privilege from information_schema.table_privileges where grantee = ? and table_schema = database() order by table_name', [grantee]) as [Array<{ name: string; privilege: string }>];
  const globals = new Set(global.map((row) => row.privilege));
  const administrator = globals.has('SUPER') ? 'root, or holds SUPER'
    : globals.has('FILE') ? 'allowed to read and write files on the server (FILE)' : undefined;
  const everyTable = [...global, ...schema].some((row) => MYSQL_WRITES.has(row.privilege));
  const writable = everyTable ? ['*'] : [...new Set(tables.filter((row) => MYSQL_WRITES.has(row.privilege)).map((row) => row.name))];
  return { user: current.name, ...(administrator ? { administrator } : {}), writableTables: writable };
}

async function mssqlAccess(knex: Knex): Promise<UserAccess> {
  const [role] = await knex.raw(`select suser_sname() as name, is_srvrolemember('sysadmin') as sysadmin, is_member('db_owner') as owner`) as
    Array<{ name: string; sysadmin: number | null; owner: number | null }>;
  const rows = await knex.raw(`select case when s.name = schema_name() then t.name else s.name + '.' + t.name end as name
    from sys.tables t join sys.schemas s on s.schema_id = t.schema_id
    where has_perms_by_name(quotename(s.name) + '.' + quotename(t.name), 'OBJECT', 'INSERT') = 1
      or has_perms_by_name(quotename(s.name) + '.' + quotename(t.name), 'OBJECT', 'UPDATE') = 1
      or has_perms_by_name(quotename(s.name) + '.' + quotename(t.name), 'OBJECT', 'DELETE') = 1
    order by 1`) as Array<{ name: string }>;
  const administrator = role?.sysadmin === 1 ? 'a member of sysadmin' : role?.owner === 1 ? 'the database owner (db_owner)' : undefined;
  return { user: role?.name ?? 'unknown', ...(administrator ? { administrator } : {}), writableTables: rows.map((row) => row.name) };
}

/** SQLite has no users: whoever runs Deskbridge may write the file when its permissions allow. */
async function sqliteAccess(config: ConnectionConfig): Promise<UserAccess> {
  const filename = config.filename ?? '';
  const writable = await access(filename, constants.W_OK).then(() => true, () => false);
  return { user: filename, writableTables: writable ? ['*'] : [] };
}

/** What the user of this connection may do beyond reading; runs on the connector's reading pool. */
export function describeUserAccess(dialect: Dialect, knex: Knex, config: ConnectionConfig): Promise<UserAccess> {
  switch (dialect) {
    case 'postgres': return postgresAccess(knex);
    case 'mysql': return mysqlAccess(knex);
    case 'mssql': return mssqlAccess(knex);
    case 'sqlite': return sqliteAccess(config);
  }
}
