// Scores a proposal against what a right one holds: one point per decision, so accuracy reads as right / total.
import type { Integration } from '../../bridge/profile/schema.js';
import type { Expected } from './propose-schemas.js';

export interface Score { right: number; total: number; wrong: string[] }

const list = (value: string | string[] | undefined): string[] => (value === undefined ? [] : Array.isArray(value) ? value : [value]);

export function scoreProposal(integration: Integration, expected: Expected): Score {
  const score: Score = { right: 0, total: 0, wrong: [] };
  const decide = (what: string, actual: unknown, wanted: unknown): void => {
    score.total += 1;
    if (JSON.stringify(actual) === JSON.stringify(wanted)) score.right += 1;
    else score.wrong.push(`${what}: proposed ${JSON.stringify(actual)}, expected ${JSON.stringify(wanted)}`);
  };
  const contacts = integration.contacts;
  const source = contacts.source as { table?: string; where?: Array<{ column: string }> };
  decide('contacts table', source.table, expected.contacts);
  decide('key', contacts.key, expected.key);
  decide('checkpoint', contacts.checkpoint, expected.checkpoint);
  decide('name', contacts.fields.name, expected.name);
  const phones = list(contacts.fields.phones);
  for (const phone of expected.phones) decide(`phone ${phone}`, phones.includes(phone), true);
  for (const extra of phones.filter((phone) => !expected.phones.includes(phone))) decide(`extra phone ${extra}`, extra, undefined);
  const emails = list(contacts.fields.emails);
  for (const email of expected.emails) decide(`email ${email}`, emails.includes(email), true);
  for (const extra of emails.filter((email) => !expected.emails.includes(email))) decide(`extra email ${extra}`, extra, undefined);
  if (expected.company || contacts.fields.company) decide('company', contacts.fields.company, expected.company);
  if (expected.title || contacts.fields.title) decide('title', contacts.fields.title, expected.title);
  decide('address', contacts.fields.address !== undefined, expected.address ?? false);
  decide('phone region', contacts.phoneRegion, expected.region);
  if (expected.where || source.where) decide('soft-delete filter', source.where?.[0]?.column, expected.where);
  for (const wanted of expected.interactions) {
    const found = integration.interactions.find((item) => 'table' in item.source && item.source.table === wanted.table);
    decide(`interaction ${wanted.table}`, !!found, true);
    if (!found) continue;
    decide(`${wanted.table} contact column`, found.contactKey, wanted.contactKey);
    decide(`${wanted.table} date`, found.fields.date, wanted.date);
    if (wanted.subject) decide(`${wanted.table} subject`, found.fields.subject, wanted.subject);
    for (const [scale, map] of [['status', wanted.status], ['priority', wanted.priority]] as const) {
      for (const [value, target] of Object.entries(map ?? {})) decide(`${wanted.table} ${scale} "${value}"`, found.values?.[scale]?.[value], target);
    }
  }
  for (const extra of integration.interactions.filter((item) => !expected.interactions.some((wanted) => 'table' in item.source && item.source.table === wanted.table))) {
    decide(`extra interaction ${extra.type}`, extra.type, undefined);
  }
  decide('agents', integration.agents && 'table' in integration.agents.source ? integration.agents.source.table : undefined, expected.agents);
  decide('log-a-call action', integration.actions[0]?.insert.table, expected.action);
  return score;
}
