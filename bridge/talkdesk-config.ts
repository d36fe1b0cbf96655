// Generates the Talkdesk integration and action configuration (spec section 7) with absolute endpoint URLs.
import { BRAND_PATHS } from './http/brand/images.js';
import type { Integration } from './profile/schema.js';

export interface TalkdeskConfiguration {
  integration: Record<string, unknown>;
  actions: Array<Record<string, unknown>>;
}

/** Talkdesk integration names are lower-case words joined by underscores. */
export function talkdeskName(id: string): string {
  return id.replace(/-/g, '_');
}

export function integrationBaseUrl(baseUrl: string, id: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/integrations/${encodeURIComponent(id)}`;
}

export function talkdeskConfiguration(integration: Integration, baseUrl: string): TalkdeskConfiguration {
  const root = baseUrl.replace(/\/+$/, '');
  const base = integrationBaseUrl(baseUrl, integration.id);
  const name = talkdeskName(integration.id);
  const usesKey = integration.auth.type === 'api_key';
  const config: Record<string, unknown> = {
    name,
    display_name: integration.displayName,
    description: integration.description ?? `${integration.displayName} through Deskbridge`,
    // Mandatory for Talkdesk: the profile's images, else Deskbridge's own, served by the bridge under the same URL.
    logo_url: integration.logoUrl ?? `${root}${BRAND_PATHS.logo}`,
    icon_url: integration.iconUrl ?? `${root}${BRAND_PATHS.icon}`,
    authentication_type: usesKey ? 'custom' : 'none',
    authentication_configuration: usesKey
      ? [{ api_key: { source: 'input', display: 'Bridge API key', mandatory: true, type: 'input', store: true, help: 'Shown once by Deskbridge when the key is created' } }]
      : [],
    auth_validation_endpoint: `${base}/auth`,
    contact_synchronization_endpoint: `${base}/contacts`,
    ...(integration.interactions.length > 0 ? { interaction_retrieval_endpoint: `${base}/interactions` } : {}),
    ...(integration.agents ? { agent_synchronization_endpoint: `${base}/agents` } : {}),
    interaction_types: integration.interactions.map((interaction) => interaction.type),
  };
  const actions = integration.actions.map((action) => ({
    provider: name,
    name: action.name,
    display: action.display,
    description: action.description ?? action.display,
    scoping: action.scoping,
    endpoint: `${base}/actions/${action.name}`,
    inputs: action.inputs.map((input) => ({
      key: input.key, name: input.name, type: input.type, mandatory: input.mandatory,
      ...(input.format !== undefined ? { format: input.format } : {}),
      ...(input.default !== undefined ? { default: input.default } : {}),
    })),
  }));
  return { integration: config, actions };
}
