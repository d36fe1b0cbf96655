// Where rows come from: a table or view of the database, or one SELECT written by hand (started from the chosen table, run once the user pauses).
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Connection, Dialect, Source } from '../api/types.js';
import { SelectField, TextField } from '../components/fields.js';
import { ErrorBox } from '../components/feedback.js';
import { useTables } from './use-schema.js';

/** How long typing must pause before the query is used (columns read, previews run). */
const TYPING_PAUSE_MS = 700;

/** The SELECT box: keeps what the user types, and passes it on only once they stop typing. */
function QueryField({ sql, onChange, path }: { sql: string; onChange(sql: string): void; path?: string }) {
  const [text, setText] = useState(sql);
  const sent = useRef(sql);
  // The latest callback, so that a parent's render does not restart the pause.
  const pass = useRef(onChange);
  pass.current = onChange;
  // A query set from elsewhere (a proposal, Discard changes) replaces the text.
  useEffect(() => { if (sql !== sent.current) { sent.current = sql; setText(sql); } }, [sql]);
  useEffect(() => {
    if (text === sent.current) return;
    const timer = setTimeout(() => { sent.current = text; pass.current(text); }, TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return <TextField label="SELECT query" multiline value={text} onChange={setText} path={path} hint="One read-only SELECT; joins are fine. It runs once you stop typing." />;
}

/** The query a switch to SQL starts from: the chosen table's rows, so that the user edits rather than starts over. */
function startingQuery(source: Source, dialect: Dialect): string {
  if (!('table' in source) || !source.table) return 'select * from ';
  const quote = (name: string) => {
    if (/^[a-z_][a-z0-9_]*$/.test(name)) return name;
    if (dialect === 'mysql') return `\`${name.replace(/`/g, '``')}\``;
    if (dialect === 'mssql') return `[${name.replace(/]/g, ']]')}]`;
    return `"${name.replace(/"/g, '""')}"`;
  };
  return `select * from ${source.table.split('.').map(quote).join('.')}`;
}

export function SourcePicker({ connection, source, onChange, label, mark, path }: { connection: Connection; source: Source; onChange(source: Source): void; label: string; mark?: ReactNode; path?: string }) {
  const tables = useTables(connection);
  const mode = 'sql' in source ? 'sql' : 'table';
  return (
    <div className="source-picker">
      <fieldset className="inline-radios">
        <legend>{label}</legend>
        <label><input type="radio" name={`${label}-mode`} checked={mode === 'table'} onChange={() => onChange({ table: '' })} /> A table or view</label>
        <label><input type="radio" name={`${label}-mode`} checked={mode === 'sql'} onChange={() => onChange({ sql: startingQuery(source, connection.dialect) })} /> A SELECT query</label>
      </fieldset>
      {'table' in source ? (
        <SelectField label="Table or view" value={source.table} placeholder={tables.loading ? 'Loading tables…' : 'Choose…'} required
          options={(tables.value ?? []).map((table) => ({ value: table.name, label: table.kind === 'view' ? `${table.name} (view)` : table.name }))}
          onChange={(table) => onChange({ table })} mark={mark} path={path} />
      ) : (
        <QueryField sql={source.sql} onChange={(sql) => onChange({ sql })} path={path} />
      )}
      {tables.error ? <ErrorBox message={`The tables cannot be listed: ${tables.error}`} /> : null}
    </div>
  );
}
