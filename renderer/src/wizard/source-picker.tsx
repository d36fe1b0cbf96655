// Where rows come from: a table or view of the database, or one SELECT written by hand.
import type { ReactNode } from 'react';
import type { Connection, Source } from '../api/types.js';
import { SelectField, TextField } from '../components/fields.js';
import { ErrorBox } from '../components/feedback.js';
import { useTables } from './use-schema.js';

export function SourcePicker({ connection, source, onChange, label, mark, path }: { connection: Connection; source: Source; onChange(source: Source): void; label: string; mark?: ReactNode; path?: string }) {
  const tables = useTables(connection);
  const mode = 'sql' in source ? 'sql' : 'table';
  return (
    <div className="source-picker">
      <fieldset className="inline-radios">
        <legend>{label}</legend>
        <label><input type="radio" name={`${label}-mode`} checked={mode === 'table'} onChange={() => onChange({ table: '' })} /> A table or view</label>
        <label><input type="radio" name={`${label}-mode`} checked={mode === 'sql'} onChange={() => onChange({ sql: 'select * from ' })} /> A SELECT query</label>
      </fieldset>
      {'table' in source ? (
        <SelectField label="Table or view" value={source.table} placeholder={tables.loading ? 'Loading tables…' : 'Choose…'} required
          options={(tables.value ?? []).map((table) => ({ value: table.name, label: table.kind === 'view' ? `${table.name} (view)` : table.name }))}
          onChange={(table) => onChange({ table })} mark={mark} path={path} />
      ) : (
        <TextField label="SELECT query" multiline value={source.sql} onChange={(sql) => onChange({ sql })} path={path} hint="One read-only SELECT; joins are fine." />
      )}
      {tables.error ? <ErrorBox message={`The tables cannot be listed: ${tables.error}`} /> : null}
    </div>
  );
}
