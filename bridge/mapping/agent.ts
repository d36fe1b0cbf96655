// Maps database rows to Talkdesk agents (spec section 6).
import type { Row } from '../../connectors/index.js';
import type { TalkdeskAgent } from '../contract/admin.js';
import type { AgentsMapping } from '../profile/schema.js';
import { compileTemplates } from './contact.js';
import { renderTemplate } from './template.js';

export type { TalkdeskAgent };

export interface AgentMapper {
  /** The column agents are paged by (the id, or the first column its template reads). */
  readonly orderBy: string;
  /** The agent, or undefined when the row has no id or no e-mail (Talkdesk matches agents by it). */
  map(row: Row): TalkdeskAgent | undefined;
}

/** Compiles an agents mapping once; malformed templates are profile errors naming their path. */
export function compileAgentMapping(mapping: AgentsMapping, path: string): AgentMapper {
  const [id] = compileTemplates(mapping.fields.id, `${path}.fields.id`);
  const [name] = compileTemplates(mapping.fields.name, `${path}.fields.name`);
  const [email] = compileTemplates(mapping.fields.email, `${path}.fields.email`);
  const emailOf = (row: Row) => { const value = email && renderTemplate(email, row); return value === undefined ? '' : String(value).trim(); };
  return {
    orderBy: id!.isColumn ? id!.source : id!.refs[0]!,
    map(row) {
      const agentId = renderTemplate(id!, row);
      const agentEmail = emailOf(row);
      if (agentId === undefined || agentEmail === '') return undefined;
      return { id: String(agentId), name: String(renderTemplate(name!, row) ?? agentId), email: agentEmail };
    },
  };
}
