// Draft helpers: a blank integration, cleaning what the forms leave empty, and problems relative to the integration.
import { connectionSchema, contactsSchema, defaultsOf, type Integration, type Profile } from '../api/types.js';

export function blankIntegration(): Integration {
  return {
    id: '', displayName: '',
    connection: { ...defaultsOf(connectionSchema), dialect: 'sqlite', filename: '' },
    contacts: { ...defaultsOf(contactsSchema), source: { table: '' }, key: '', checkpoint: '', fields: { name: '' } },
    interactions: [], actions: [], auth: { type: 'api_key' },
  };
}

const LIST_FIELDS = new Set(['emails', 'phones', 'websites', 'allowIps']);

/** Drops empty strings (unfilled inputs) and list fields left empty, so the schema sees only what the user set. */
export function clean<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => clean(item)).filter((item) => item !== '' && item !== undefined) as T;
  if (value === null || typeof value !== 'object') return value;
  const copy: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const cleaned = clean(item);
    if (cleaned === '' || cleaned === undefined) continue;
    if (LIST_FIELDS.has(key) && Array.isArray(cleaned) && cleaned.length === 0) continue;
    copy[key] = cleaned;
  }
  return copy as T;
}

/** The profile with the draft in place of the integration it edits (or added when new). */
export function withIntegration(profile: Profile, originalId: string | undefined, draft: Integration, tunnel: Profile['tunnel']): Profile {
  const cleaned = clean(draft);
  const index = originalId === undefined ? -1 : profile.integrations.findIndex((integration) => integration.id === originalId);
  const integrations = index < 0 ? [...profile.integrations, cleaned] : profile.integrations.map((integration, position) => (position === index ? cleaned : integration));
  return { ...profile, integrations, tunnel };
}

/** "integrations[1].contacts.key: expected string" → "contacts.key: expected string". */
export function relativeProblems(problems: string[]): string[] {
  return problems.map((problem) => problem.replace(/^integrations\[\d+\]\./, ''));
}

/** A slug from a display name: "Acme CRM" → "acme-crm". */
export function slugOf(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
}
