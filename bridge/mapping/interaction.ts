// Maps database rows to Talkdesk interactions (spec section 4): types, value maps, Talkdesk dates.
import type { Row } from '../../connectors/index.js';
import {
  INTERACTION_PRIORITIES, INTERACTION_STATUSES, type InteractionMapping,
} from '../profile/schema.js';
import { compileTemplates } from './contact.js';
import { formatTalkdeskDate, parseInstant } from './date.js';
import { renderTemplate, type Template } from './template.js';
import type { TalkdeskInteraction } from '../contract/admin.js';
export type { TalkdeskInteraction };


export interface InteractionMapper {
  readonly type: string;
  readonly columns: string[];
  /** The column the database orders by (the date field when it is a plain column). */
  readonly orderColumn?: string;
  /** The interaction and its instant (for ordering), or undefined when the row has no usable date. */
  map(row: Row): { interaction: TalkdeskInteraction; instant: number } | undefined;
}

function valueMapper(map: Record<string, string> | undefined, allowed: readonly string[]) {
  const lowered = new Map(Object.entries(map ?? {}).map(([from, to]) => [from.toLowerCase(), to]));
  return (raw: string): string | undefined => {
    const key = raw.trim().toLowerCase();
    const mapped = lowered.get(key);
    if (mapped) return mapped;
    return allowed.includes(key) ? key : undefined;
  };
}

/** Compiles an interaction mapping; date texts without a zone are local time in `timeZone` (the connection's). */
export function compileInteractionMapping(mapping: InteractionMapping, path: string, timeZone = 'UTC'): InteractionMapper {
  const template = (field: keyof InteractionMapping['fields']): Template | undefined =>
    compileTemplates(mapping.fields[field], `${path}.fields.${field}`)[0];
  const id = template('id')!;
  const subject = template('subject')!;
  const date = template('date')!;
  const optional = (['description', 'url'] as const).flatMap((field) => {
    const compiled = template(field);
    return compiled ? [[field, compiled] as const] : [];
  });
  const status = template('status');
  const priority = template('priority');
  const mapStatus = valueMapper(mapping.values?.status, INTERACTION_STATUSES);
  const mapPriority = valueMapper(mapping.values?.priority, INTERACTION_PRIORITIES);
  const all = [id, subject, date, ...optional.map(([, compiled]) => compiled), status, priority].filter((item): item is Template => !!item);
  return {
    type: mapping.type,
    columns: [...new Set([mapping.contactKey, ...all.flatMap((compiled) => compiled.refs)])],
    orderColumn: date.isColumn ? date.source : undefined,
    map(row) {
      const instant = parseInstant(renderTemplate(date, row), timeZone);
      const idValue = renderTemplate(id, row);
      if (instant === undefined || idValue === undefined) return undefined;
      const interaction: TalkdeskInteraction = {
        id: String(idValue),
        subject: String(renderTemplate(subject, row) ?? '(no subject)'),
        date: formatTalkdeskDate(instant),
        type: mapping.type,
      };
      for (const [field, compiled] of optional) {
        const value = renderTemplate(compiled, row);
        if (value !== undefined) interaction[field] = String(value);
      }
      const statusValue = status && renderTemplate(status, row);
      const mappedStatus = statusValue === undefined || statusValue === '' ? undefined : mapStatus(String(statusValue));
      if (mappedStatus) interaction.status = mappedStatus;
      const priorityValue = priority && renderTemplate(priority, row);
      const mappedPriority = priorityValue === undefined || priorityValue === '' ? undefined : mapPriority(String(priorityValue));
      if (mappedPriority) interaction.priority = mappedPriority;
      return { interaction, instant };
    },
  };
}
