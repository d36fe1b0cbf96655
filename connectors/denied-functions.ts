// Functions a custom SQL source may not call, per dialect: they write, reach files or other servers, or change the session.
import type { Dialect } from './connector.js';

/** Name patterns (lower case, whole name), each with the reason a user is told. */
type Denied = Array<[RegExp, string]>;

const WRITES_OR_SESSION = 'it changes data or the session';
const FILES = 'it reads or writes files on the database server';
const SERVERS = 'it reaches other servers or runs other SQL';
const STALLS = 'it stalls or locks the database';
const ADMIN = 'it administers the database server';

const DENIED: Record<Dialect, Denied> = {
  postgres: [
    [/^(set_config|nextval|setval|txid_current\w*|pg_current_xact_id\w*|pg_notify|pg_logical_emit_message)$/, WRITES_OR_SESSION],
    [/^(brin_summarize\w*|brin_desummarize_range|gin_clean_pending_list|pg_truncate_visibility_map|pg_prewarm|pg_stat_reset\w*|pg_import_system_collations)$/, WRITES_OR_SESSION],
    [/^(lo_\w*|pg_\w*file\w*|pg_read_\w*|pg_ls_\w*)$/, FILES],
    [/^(dblink\w*|query_to_xml\w*|table_to_xml\w*|cursor_to_xml\w*|schema_to_xml\w*|database_to_xml\w*|ts_stat)$/, SERVERS],
    [/^(pg_sleep\w*|pg_advisory\w*|pg_try_advisory\w*)$/, STALLS],
    [/^(pg_terminate_backend|pg_cancel_backend|pg_reload_conf|pg_rotate_logfile\w*|pg_switch_wal|pg_switch_xlog|pg_create_restore_point|pg_promote|pg_\w*replication\w*|pg_log_backend_memory_contexts|pg_backup_\w*|pg_start_backup|pg_stop_backup)$/, ADMIN],
  ],
  mysql: [
    [/^(nextval|setval|lastval)$/, WRITES_OR_SESSION],
    [/^(load_file)$/, FILES],
    [/^(sys_exec|sys_eval|sys_get|sys_set)$/, SERVERS],
    [/^(sleep|benchmark|get_lock|release_lock|release_all_locks|master_pos_wait|source_pos_wait|master_gtid_wait|wait_for_executed_gtid_set|wait_until_sql_thread_after_gtids)$/, STALLS],
  ],
  mssql: [
    [/^(openrowset|opendatasource|openquery|bulk)$/, SERVERS],
    [/^(xp_\w*|sp_\w*)$/, ADMIN],
    [/^(fn_xe_file_target_read_file|fn_get_audit_file|fn_trace_gettable|fn_dblog|fn_dump_dblog)$/, FILES],
  ],
  sqlite: [
    [/^(load_extension|fts3_tokenizer)$/, WRITES_OR_SESSION],
    [/^(readfile|writefile|edit|fsdir|zipfile|sqlar_\w*|lsmode)$/, FILES],
  ],
};

/** Why a function may not be called in this dialect's custom SQL, or undefined when it may. */
export function deniedFunction(dialect: Dialect, name: string): string | undefined {
  const lower = name.toLowerCase();
  return DENIED[dialect].find(([pattern]) => pattern.test(lower))?.[1];
}
