// Connection test and introspection (tables, columns with an "indexed" flag) for a connection being edited.
import { randomBytes } from 'node:crypto';
import { Router } from 'express';
import { isConnectorError, machineTimeZone, type Connector, type Source } from '../../../connectors/index.js';
import type { BridgeContext } from '../../context.js';
import { accessWarning } from './access-warning.js';
import { parseOrThrow } from '../../validation.js';
import type { DraftConnectors } from './draft-connectors.js';
import { columnsSchema, connectionTestSchema, introspectSchema } from './schemas.js';
import type { ColumnView, ConnectionTestAnswer } from '../../contract/admin.js';

/** Secrets the wizard stores are named `wizard-<integration>-<random>`; unreferenced ones are removed on save. */
export const WIZARD_SECRET = /^wizard-[a-z0-9-]+-[a-z0-9]{8}$/;


/** Columns of a source; for a table, each says whether an index (or the primary key) starts with it. */
export async function describeColumnsWithIndexes(connector: Connector, source: Source): Promise<ColumnView[]> {
  if (!('table' in source)) return (await connector.describeSource(source)).map((name) => ({ name }));
  const [columns, indexes] = await Promise.all([connector.describeColumns(source.table), connector.listIndexes(source.table)]);
  const leading = new Set(indexes.map((index) => index.columns[0]).filter((name): name is string => !!name));
  return columns.map((column) => ({ ...column, indexed: column.primaryKey || leading.has(column.name) }));
}

export function connectionRoutes(context: BridgeContext, drafts: DraftConnectors): Router {
  const router = Router();

  /**
   * Tries the connection; a typed password is stored as a secret only once it works, and never sent back. The answer
   * warns when the user may write more than the integration writes (`writes`: the tables its actions insert into).
   */
  router.post('/connection/test', async (request, response) => {
    const body = parseOrThrow(connectionTestSchema, request.body, 'invalid_request', 'The request is not valid');
    const typed = body.password === undefined || body.password === '' ? undefined : body.password;
    try {
      const { tables, access, serverTimeZone } = await drafts.use(body.connection, async (connector) => {
        await connector.testConnection();
        // Best effort: a catalog this user may not read must not fail the test; the warning is then left out.
        return {
          tables: await connector.listTables(),
          access: await connector.describeAccess().catch(() => undefined),
          serverTimeZone: await connector.serverTimeZone().catch(() => undefined),
        };
      }, typed);
      const warning = access ? accessWarning(access, body.connection, body.writes ?? []) : undefined;
      let connection = body.connection;
      if (typed !== undefined) {
        const name = `wizard-${body.integration}-${randomBytes(6).toString('base64url').toLowerCase().replace(/[^a-z0-9]/g, '0').slice(0, 8)}`;
        await context.secrets.set(name, typed);
        connection = { ...connection, password: { secret: name } };
      }
      // The zones the wizard proposes for dates without one: the server's own where it names an IANA zone, else this computer's.
      const machine = machineTimeZone();
      const answer: ConnectionTestAnswer = {
        ok: true, connection, tables: tables.length,
        ...(warning ? { accessWarning: warning } : {}), ...(serverTimeZone ? { serverTimeZone } : {}), ...(machine ? { machineTimeZone: machine } : {}),
      };
      response.json(answer);
    } catch (error) {
      if (!isConnectorError(error)) throw error;
      const answer: ConnectionTestAnswer = { ok: false, error: { code: error.code, message: error.message } };
      response.json(answer);
    }
  });

  router.post('/introspect/tables', async (request, response) => {
    const { connection } = parseOrThrow(introspectSchema, request.body, 'invalid_request', 'The request is not valid');
    response.json({ tables: await drafts.use(connection, (connector) => connector.listTables()) });
  });

  router.post('/introspect/columns', async (request, response) => {
    const { connection, source } = parseOrThrow(columnsSchema, request.body, 'invalid_request', 'The request is not valid');
    response.json({ columns: await drafts.use(connection, (connector) => describeColumnsWithIndexes(connector, source)) });
  });

  return router;
}
