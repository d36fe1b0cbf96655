// What a Talkdesk Connections setup needs (actions only): base path, each action's relative path, schemas, auth, timeout.
import type { ActionConfig, Integration } from './profile/schema.js';
import { integrationBaseUrl } from './talkdesk-config.js';

type Input = ActionConfig['inputs'][number];

/** Connections may wait 5 to 30 s; the bridge answers within 4.5 s, so 10 s leaves room for the tunnel. */
export const CONNECTIONS_TIMEOUT_SECONDS = 10;

/** An input as JSON Schema: what Connections puts in the body, at its top level. */
function inputSchema(input: Input): Record<string, unknown> {
  const described = { title: input.name, ...(input.default !== undefined ? { default: input.default } : {}) };
  switch (input.type) {
    case 'number': return { type: 'number', ...described };
    case 'email': return { type: 'string', format: 'email', ...described };
    case 'datetime': return { type: 'string', format: 'date-time', ...described };
    case 'select': {
      const options = (input.format ?? '').split(',').map((option) => option.trim()).filter(Boolean);
      return { type: 'string', ...(options.length > 0 ? { enum: options } : {}), ...described };
    }
    default: return { type: 'string', ...described };
  }
}

const OUTPUT_SCHEMA = {
  type: 'object',
  properties: {
    message: { type: 'string' },
    external_id: { type: 'string', description: 'The key of the row the action inserted, when the database gives it' },
    contact_external_id: { type: 'string' },
  },
  required: ['message'],
};

export interface ConnectionsConfiguration {
  connections: {
    integration: string;
    base_path: string;
    authentication: Record<string, unknown>;
    timeout_seconds: number;
    actions: Array<Record<string, unknown>>;
  };
}

export function connectionsConfiguration(integration: Integration, baseUrl: string): ConnectionsConfiguration {
  const usesKey = integration.auth.type === 'api_key';
  return {
    connections: {
      integration: integration.id,
      base_path: `${integrationBaseUrl(baseUrl, integration.id)}/actions`,
      authentication: usesKey
        ? { type: 'api_key', header: 'X-API-Key', value: 'a key from "deskbridge api-key create"', or: { type: 'basic', password: 'the same key (any user name)' } }
        : { type: 'none' },
      timeout_seconds: CONNECTIONS_TIMEOUT_SECONDS,
      actions: integration.actions.map((action) => ({
        name: action.name,
        description: action.description ?? action.display,
        method: 'POST',
        relative_path: `/${action.name}`,
        input_schema: {
          type: 'object',
          properties: Object.fromEntries(action.inputs.map((input) => [input.key, inputSchema(input)])),
          required: action.inputs.filter((input) => input.mandatory).map((input) => input.key),
        },
        output_schema: OUTPUT_SCHEMA,
        success_status: 201,
      })),
    },
  };
}
