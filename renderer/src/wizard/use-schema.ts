// Hooks that read the database's shape for the forms: its tables, and the columns of a table or SELECT.
import { useEffect, useState } from 'react';
import { api, messageOf } from '../api/client.js';
import type { ColumnView, Connection, Source, TableInfo } from '../api/types.js';
import { clean } from './draft.js';

interface Loaded<T> { value?: T; error?: string; loading: boolean }

function useLoad<T>(key: string | undefined, load: () => Promise<T>): Loaded<T> {
  const [state, setState] = useState<Loaded<T>>({ loading: key !== undefined });
  useEffect(() => {
    if (key === undefined) { setState({ loading: false }); return; }
    let current = true;
    setState((previous) => ({ ...previous, loading: true }));
    load().then(
      (value) => { if (current) setState({ value, loading: false }); },
      (error: unknown) => { if (current) setState({ error: messageOf(error), loading: false }); },
    );
    return () => { current = false; };
    // `key` captures everything `load` reads.
  }, [key]);
  return state;
}

function sourceReady(source: Source): boolean {
  return 'table' in source ? source.table !== '' : source.sql.trim() !== '';
}

export function useTables(connection: Connection): Loaded<TableInfo[]> {
  const cleaned = clean(connection);
  const key = JSON.stringify(cleaned);
  return useLoad(key, async () => (await api<{ tables: TableInfo[] }>('POST', '/introspect/tables', { connection: cleaned })).tables);
}

export function useColumns(connection: Connection, source: Source): Loaded<ColumnView[]> {
  const cleaned = clean(connection);
  const key = sourceReady(source) ? JSON.stringify([cleaned, source]) : undefined;
  return useLoad(key, async () => (await api<{ columns: ColumnView[] }>('POST', '/introspect/columns', { connection: cleaned, source })).columns);
}

/** Runs `work` once the value has stopped changing for `ms` (typing in the mapping). */
export function useDebounced<T>(value: T, ms: number): T {
  const [settled, setSettled] = useState(value);
  const key = JSON.stringify(value);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(value), ms);
    return () => clearTimeout(timer);
    // Compared by content, not identity.
  }, [key, ms]);
  return settled;
}
