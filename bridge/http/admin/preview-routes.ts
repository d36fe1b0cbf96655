// Previews for the wizard: contacts exactly as Talkdesk receives them, a contact's interactions, an action's dry run.
import { Router } from 'express';
import { namedPageRows, type Connector, type Row } from '../../../connectors/index.js';
import type { AgentsPreview } from '../../contract/admin.js';
import { compileAction } from '../../mapping/action.js';
import { compileAgentMapping } from '../../mapping/agent.js';
import { compileContactMapping } from '../../mapping/contact.js';
import { compileInteractionMapping } from '../../mapping/interaction.js';
import type { ContactsMapping } from '../../profile/schema.js';
import { parseOrThrow } from '../../validation.js';
import { describeColumnsWithIndexes } from './connection-routes.js';
import type { DraftConnectors } from './draft-connectors.js';
import { actionDryRunSchema, agentsPreviewSchema, contactsPreviewSchema, interactionsPreviewSchema } from './schemas.js';

/** Warnings about key, checkpoint and phone columns without an index (slow syncs and lookups on big tables). */
async function indexWarnings(connector: Connector, contacts: ContactsMapping, phoneColumns: string[]): Promise<string[]> {
  const source = contacts.source;
  if (!('table' in source)) return [];
  const columns = await describeColumnsWithIndexes(connector, source);
  const byName = new Map(columns.map((column) => [column.name, column]));
  const roles: Array<[string, string]> = [[contacts.key, 'key'], [contacts.checkpoint, 'checkpoint'], ...phoneColumns.map((name): [string, string] => [name, 'phone'])];
  return roles.flatMap(([name, role]) => {
    const column = byName.get(name);
    if (!column) return [`The ${role} column "${name}" is not in the table "${source.table}".`];
    return column.indexed ? [] : [`The ${role} column "${name}" has no index: syncs and lookups will be slow on a big table.`];
  });
}

/** Rows without a checkpoint value reach Talkdesk only in full syncs: said with their count, and what to do. */
function nullCheckpointWarning(column: string, rows: number): string[] {
  if (rows === 0) return [];
  return [`${rows} ${rows === 1 ? 'row has' : 'rows have'} no value in the checkpoint column "${column}": Talkdesk receives ${rows === 1 ? 'it' : 'them'} only in full syncs, `
    + 'since an incremental sync asks for rows changed after the last one it saw. Fill the column (a default and an update trigger, or a view with COALESCE to a creation date).'];
}

/** Agents Talkdesk would not receive: the count, and why (it matches agents by their e-mail). */
function leftOutWarning(leftOut: number, rows: number): string[] {
  if (leftOut === 0) return [];
  const why = 'Talkdesk matches agents by their e-mail.';
  if (leftOut === rows) return [`None of these ${rows} agents has an e-mail (or an id), so none would be sent: ${why}`];
  return [`${leftOut} of these ${rows} agents ${leftOut === 1 ? 'has' : 'have'} no e-mail (or no id) and ${leftOut === 1 ? 'is' : 'are'} left out: ${why}`];
}

function jsonRow(row: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([column, value]) => [column, value instanceof Date ? value.toISOString() : value]));
}

export function previewRoutes(drafts: DraftConnectors): Router {
  const router = Router();

  router.post('/preview/contacts', async (request, response) => {
    const body = parseOrThrow(contactsPreviewSchema, request.body, 'invalid_request', 'The mapping is not complete');
    const mapper = compileContactMapping(body.contacts, 'contacts');
    const result = await drafts.use(body.connection, async (connector) => {
      const page = await connector.pageContacts({
        source: body.contacts.source, key: body.contacts.key, checkpoint: body.contacts.checkpoint,
        columns: mapper.columns, limit: body.limit,
      });
      const nullCheckpoints = await connector.countNulls(body.contacts.source, body.contacts.checkpoint);
      const warnings = await indexWarnings(connector, body.contacts, mapper.phoneColumns);
      return { rows: namedPageRows(page), nullCheckpoints, warnings: [...nullCheckpointWarning(body.contacts.checkpoint, nullCheckpoints), ...warnings] };
    });
    response.json({ contacts: result.rows.map((row) => mapper.map(row)), nullCheckpoints: result.nullCheckpoints, warnings: result.warnings });
  });

  router.post('/preview/interactions', async (request, response) => {
    const body = parseOrThrow(interactionsPreviewSchema, request.body, 'invalid_request', 'The mapping is not complete');
    const mapper = compileInteractionMapping(body.interaction, 'interaction', body.connection.timeZone);
    const rows: Row[] = await drafts.use(body.connection, (connector) => connector.selectRows({
      source: body.interaction.source, columns: mapper.columns,
      where: { column: body.interaction.contactKey, values: [body.contactKey] },
      orderBy: mapper.orderColumn ? { column: mapper.orderColumn, direction: 'desc' } : undefined,
      limit: Math.min(body.interaction.limit, 20),
    }));
    const interactions = rows.map((row) => mapper.map(row)?.interaction);
    const skipped = interactions.filter((interaction) => interaction === undefined).length;
    response.json({
      interactions: interactions.filter((interaction) => interaction !== undefined),
      problems: skipped ? [`${skipped} row(s) skipped: no usable date or id.`] : [],
    });
  });

  /** The first agents as Talkdesk receives them, and how many rows were left out for want of an e-mail. */
  router.post('/preview/agents', async (request, response) => {
    const body = parseOrThrow(agentsPreviewSchema, request.body, 'invalid_request', 'The agent mapping is not complete');
    const mapper = compileAgentMapping(body.agents, 'agents');
    const rows = await drafts.use(body.connection, (connector) => connector.selectPage(body.agents.source, mapper.orderBy, 0, body.limit));
    const agents = rows.map((row) => mapper.map(row));
    const sent = agents.filter((agent) => agent !== undefined);
    const leftOut = agents.length - sent.length;
    const answer: AgentsPreview = {
      agents: sent, rows: rows.length, leftOut,
      warnings: leftOutWarning(leftOut, rows.length),
    };
    response.json(answer);
  });

  /** Validates inputs and shows the row an action would insert, without inserting it. */
  router.post('/preview/action', async (request, response) => {
    const body = parseOrThrow(actionDryRunSchema, request.body, 'invalid_request', 'The action is not complete');
    const action = compileAction(body.action, body.phoneRegion, 'action', body.connection?.timeZone);
    const row = action.buildRow(body.request, new Date());
    let problems: string[] = [];
    if (body.connection) {
      const columns = await drafts.use(body.connection, (connector) => connector.describeColumns(body.action.insert.table));
      const known = new Set(columns.map((column) => column.name));
      problems = Object.keys(row).filter((column) => !known.has(column))
        .map((column) => `The table "${body.action.insert.table}" has no column "${column}".`);
      if (columns.length === 0) problems = [`There is no table "${body.action.insert.table}".`];
    }
    response.json({ table: body.action.insert.table, row: jsonRow(row), problems });
  });

  return router;
}
