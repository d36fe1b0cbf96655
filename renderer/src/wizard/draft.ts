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

/** Where the draft stands in the profile `withIntegration` makes. */
export function draftIndex(profile: Profile, originalId: string | undefined): number {
  const index = originalId === undefined ? -1 : profile.integrations.findIndex((integration) => integration.id === originalId);
  return index < 0 ? profile.integrations.length : index;
}

/** A path as the fields name theirs: ["interactions", 0, "fields", "id"] → "interactions[0].fields.id". */
export function pathText(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>((text, part) => (typeof part === 'number' ? `${text}[${part}]` : text ? `${text}.${part}` : part), '');
}

/** The problems of the integration at `index` by their path inside it; problems elsewhere in the profile keep their whole path. */
export function problemsByField(fields: ReadonlyArray<{ path: Array<string | number>; message: string }>, index: number): Record<string, string> {
  const byField: Record<string, string> = {};
  for (const field of fields) {
    const inside = field.path[0] === 'integrations' && field.path[1] === index;
    const at = inside ? pathText(field.path.slice(2)) || '(integration)' : pathText(field.path);
    byField[at] ??= field.message;
  }
  return byField;
}

/** A slug from a display name: "Acme CRM" → "acme-crm". */
export function slugOf(name: string): string {
  return name.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40);
}

const DRAFT_KEY = 'deskbridge-draft:';
const PROPOSAL_KEY = 'deskbridge-proposal:';

function stored<T>(key: string): T | undefined {
  const text = sessionStorage.getItem(key);
  try { return text ? (JSON.parse(text) as T) : undefined; } catch { return undefined; }
}

function store(key: string, value: unknown): void {
  if (value !== undefined) sessionStorage.setItem(key, JSON.stringify(value));
  else sessionStorage.removeItem(key);
}

/** The unsaved draft kept for this tab (a reload keeps the user's edits), if any. */
export function storedDraft(editingId: string | undefined): Integration | undefined {
  return stored(`${DRAFT_KEY}${editingId ?? ''}`);
}

/** Keeps the unsaved draft for this tab, or forgets it once saved or discarded. */
export function storeDraft(editingId: string | undefined, draft: Integration | undefined): void {
  store(`${DRAFT_KEY}${editingId ?? ''}`, draft);
}

/** The proposal an unsaved draft was filled from, kept beside it so a reload keeps its marks and reasons. */
export function storedProposal<P>(editingId: string | undefined): P | undefined {
  return stored(`${PROPOSAL_KEY}${editingId ?? ''}`);
}

export function storeProposal(editingId: string | undefined, proposal: unknown): void {
  store(`${PROPOSAL_KEY}${editingId ?? ''}`, proposal);
}

/** Forgets every kept draft: the user chose to leave them. */
export function forgetDrafts(): void {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(DRAFT_KEY) || key.startsWith(PROPOSAL_KEY)) sessionStorage.removeItem(key);
}
