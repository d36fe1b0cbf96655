// A parent that starts a runaway SQLite read and waits (it is killed outright by the test): `runaway-parent.ts FILE SQL`.
import { createConnector } from '../../connectors/index.js';

const [filename, sql] = process.argv.slice(2);
const connector = createConnector({ dialect: 'sqlite', filename: filename!, queryTimeoutMs: 60_000, pool: { max: 1 } });
// The reading process is loaded and has answered once before the runaway read is sent.
await connector.listTables();
process.stdout.write('ready\n');
await connector.sampleRows({ sql: sql! }, 1).catch(() => {});
