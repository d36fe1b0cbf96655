// The process SQLite's costly reads run in (see sqlite-reader.ts): one read-only connection, ended by its parent at the timeout.
import type { ConnectionConfig } from './connector.js';
import { createReadingConnector } from './index.js';
import { endWhenOrphaned } from './orphan-watch.js';
import { toCallError } from './pending-calls.js';
import { READER_CONFIG, READER_METHODS, type FromReader, type ReaderMethod, type ToReader } from './sqlite-reader.js';

endWhenOrphaned();
const reply = (message: FromReader): void => { process.send?.(message); };
const methods = new Set<string>(READER_METHODS);
const connector = createReadingConnector(JSON.parse(process.env[READER_CONFIG] ?? '{}') as ConnectionConfig);

process.on('message', ({ id, method, args }: ToReader) => {
  if (!methods.has(method)) {
    reply({ type: 'reply', id, error: { message: `The SQLite reader cannot run "${method}".` } });
    return;
  }
  const run = connector[method as ReaderMethod] as (...values: unknown[]) => Promise<unknown>;
  run.apply(connector, args).then(
    (value) => reply({ type: 'reply', id, value }),
    (error: unknown) => reply({ type: 'reply', id, error: toCallError(error) }),
  );
});

// The parent is gone (or ended this reader): nothing else would end it.
process.on('disconnect', () => {
  void connector.close().finally(() => process.exit(0));
});

// Messages that came before a listener would be lost: the parent sends its calls only after this.
reply({ type: 'ready' });
