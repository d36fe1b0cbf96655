// The profile document's shape (spec/profile.md) and the rules that need nothing of the machine; no Node imports.
// The bridge adds the rules that do (file paths, time zones, addresses) in bridge/profile/schema.ts.
import { z } from 'zod';
import { DIALECTS } from '../../connectors/connector.js';

const text = z.string().trim().min(1);
/** An integration's id: it names the integration in URLs and files. */
export const slug = z.string().regex(/^[a-z0-9-]{1,40}$/, 'expected a slug of 1-40 characters a-z, 0-9 and "-"');
const name = z.string().regex(/^[a-z0-9_]{1,60}$/, 'expected 1-60 characters a-z, 0-9 and "_"');

/** A secret never stands inline: it names a stored secret or an environment variable. */
export const secretRefSchema = z.union([
  z.strictObject({ secret: text }),
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name') }),
]);

/** A row filter on a table source, applied in every query (e.g. leave out soft-deleted rows). */
export const sourceFilterSchema = z.strictObject({
  column: text,
  op: z.enum(['=', '!=', 'is null', 'is not null']),
  value: z.union([z.string().max(200), z.number(), z.boolean()]).optional(),
}).superRefine((filter, context) => {
  const needsValue = filter.op === '=' || filter.op === '!=';
  if (needsValue && filter.value === undefined) context.addIssue({ code: 'custom', path: ['value'], message: `"${filter.op}" needs a value to compare with` });
  if (!needsValue && filter.value !== undefined) context.addIssue({ code: 'custom', path: ['value'], message: `"${filter.op}" takes no value` });
});

export const sourceSchema = z.union([
  z.strictObject({ table: text, where: z.array(sourceFilterSchema).max(20).optional() }),
  z.strictObject({ sql: text }),
]);

/** A column name, or a template such as "{first_name} {last_name}". */
const fieldRef = text;
const fieldRefs = z.union([fieldRef, z.array(fieldRef).min(1)]);
/** Addresses or CIDR ranges; the bridge checks each one parses. */
export const cidrsShape = z.array(text);

export const connectionSchema = z.strictObject({
  dialect: z.enum(DIALECTS),
  host: text.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  database: text.optional(),
  user: text.optional(),
  password: secretRefSchema.optional(),
  /** SQL Server: a SQL Server login (default) or a Windows domain account (NTLM). */
  authentication: z.enum(['sql', 'ntlm']).optional(),
  /** The Windows domain of an NTLM login, such as "OFFICE". */
  domain: z.string().trim().min(1).max(255).regex(/^[^\\/@\s]+$/, 'expected the domain name alone, such as "OFFICE" (no "\\", "/" or "@")').optional(),
  /** SQLite only; absolute, so that it never depends on the directory a service happens to start in. */
  filename: text.optional(),
  options: z.record(z.string(), z.unknown()).optional(),
  /** The zone the database's zone-less dates are local time in (UTC when absent). */
  timeZone: z.string().optional(),
  queryTimeoutMs: z.number().int().min(100).max(60_000).default(4000),
  pool: z.strictObject({ max: z.number().int().min(1).max(50).default(5) }).default({ max: 5 }),
}).superRefine((connection, context) => {
  if (connection.dialect === 'sqlite' && !connection.filename) {
    context.addIssue({ code: 'custom', path: ['filename'], message: 'required for sqlite' });
  }
  if (connection.dialect !== 'sqlite') {
    for (const key of ['host', 'database'] as const) {
      if (!connection[key]) context.addIssue({ code: 'custom', path: [key], message: `required for ${connection.dialect}` });
    }
  }
  if (connection.authentication === 'ntlm') {
    if (connection.dialect !== 'mssql') context.addIssue({ code: 'custom', path: ['authentication'], message: 'Windows (NTLM) logins are for SQL Server only' });
    if (!connection.domain) context.addIssue({ code: 'custom', path: ['domain'], message: 'required for a Windows (NTLM) login: the account\'s domain, such as "OFFICE"' });
    if (!connection.user) context.addIssue({ code: 'custom', path: ['user'], message: 'required for a Windows (NTLM) login: the account name without the domain' });
  } else if (connection.domain) {
    context.addIssue({ code: 'custom', path: ['domain'], message: 'only for a Windows (NTLM) login: set "authentication": "ntlm"' });
  }
});

export const contactFieldsSchema = z.strictObject({
  name: fieldRef,
  company: fieldRef.optional(),
  title: fieldRef.optional(),
  emails: fieldRefs.optional(),
  phones: fieldRefs.optional(),
  photo_url: fieldRef.optional(),
  address: fieldRef.optional(),
  websites: fieldRefs.optional(),
  twitter: fieldRef.optional(),
  url: fieldRef.optional(),
});

/** The bridge's phone index (bridge/phone-index): on unless `false`; how often it reads changes and re-reads everything. */
export const phoneIndexSchema = z.union([
  z.literal(false),
  z.strictObject({
    refreshSeconds: z.number().int().min(5).max(86_400).default(60),
    fullPassHours: z.number().min(0.1).max(24 * 31).default(24),
  }),
]).default({ refreshSeconds: 60, fullPassHours: 24 });

export const contactsSchema = z.strictObject({
  source: sourceSchema,
  key: text,
  checkpoint: text,
  fields: contactFieldsSchema,
  phoneRegion: z.string().regex(/^[A-Z]{2}$/, 'expected a two-letter region code such as "US"').default('US'),
  pageSize: z.number().int().min(1).max(5000).default(500),
  /**
   * How far back, in seconds of the database's clock, a checkpoint is kept: a row committed late but stamped up to
   * this much earlier than rows already sent still arrives in the next incremental run.
   */
  lookbackSeconds: z.number().int().min(0).max(86_400).default(300),
  phoneIndex: phoneIndexSchema,
});

export const INTERACTION_STATUSES = ['new', 'open', 'pending', 'solved', 'closed'] as const;
export const INTERACTION_PRIORITIES = ['none', 'low', 'normal', 'high', 'urgent'] as const;

export const interactionSchema = z.strictObject({
  type: name,
  source: sourceSchema,
  contactKey: text,
  fields: z.strictObject({
    id: fieldRef,
    subject: fieldRef,
    description: fieldRef.optional(),
    date: fieldRef,
    url: fieldRef.optional(),
    status: fieldRef.optional(),
    priority: fieldRef.optional(),
  }),
  values: z.strictObject({
    status: z.record(z.string(), z.enum(INTERACTION_STATUSES)).optional(),
    priority: z.record(z.string(), z.enum(INTERACTION_PRIORITIES)).optional(),
  }).optional(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const INPUT_TYPES = ['text', 'textarea', 'email', 'tel', 'number', 'datetime', 'time', 'select', 'key/value'] as const;

export const actionInputSchema = z.strictObject({
  key: z.string().regex(/^[A-Za-z0-9_]{1,60}$/, 'expected 1-60 characters A-Z, a-z, 0-9 and "_"'),
  name: text,
  type: z.enum(INPUT_TYPES).default('text'),
  mandatory: z.boolean().default(false),
  format: z.string().optional(),
  default: z.union([z.string(), z.number(), z.boolean()]).optional(),
});

export const actionSchema = z.strictObject({
  name,
  display: text,
  description: z.string().optional(),
  scoping: z.array(text).min(1).default(['automation', 'contact']),
  inputs: z.array(actionInputSchema).default([]),
  insert: z.strictObject({
    table: text,
    values: z.record(text, z.string()).refine((values) => Object.keys(values).length > 0, 'expected at least one column'),
    returning: text.optional(),
  }),
});

export const agentsSchema = z.strictObject({
  source: sourceSchema,
  // Talkdesk matches agents by e-mail: an agent without one cannot be sent.
  fields: z.strictObject({ id: fieldRef, name: fieldRef, email: fieldRef.optional() }).superRefine((fields, context) => {
    if (fields.email === undefined) context.addIssue({ code: 'custom', path: ['email'], message: 'required: Talkdesk matches agents by their e-mail' });
  }),
  pageSize: z.number().int().min(1).max(1000).default(200),
});

export const integrationSchema = z.strictObject({
  id: slug,
  displayName: text,
  description: z.string().optional(),
  logoUrl: z.url().optional(),
  iconUrl: z.url().optional(),
  connection: connectionSchema,
  contacts: contactsSchema,
  interactions: z.array(interactionSchema).default([]),
  actions: z.array(actionSchema).default([]),
  agents: agentsSchema.optional(),
  auth: z.strictObject({ type: z.enum(['api_key', 'none']).default('api_key') }).default({ type: 'api_key' }),
  /** Source addresses (CIDR) allowed to call the public endpoints; empty allows all. Only where the tunnel can vouch for them. */
  allowIps: cidrsShape.optional(),
}).superRefine((integration, context) => {
  const seen = (values: string[], path: string, label: string) => {
    values.forEach((value, index) => {
      if (values.indexOf(value) !== index) context.addIssue({ code: 'custom', path: [path, index], message: `duplicate ${label} "${value}"` });
    });
  };
  seen(integration.interactions.map((interaction) => interaction.type), 'interactions', 'interaction type');
  seen(integration.actions.map((action) => action.name), 'actions', 'action name');
  // (Here rather than on the connection: the wizard tests a connection before its password is stored.)
  if (integration.connection.authentication === 'ntlm' && !integration.connection.password) {
    context.addIssue({ code: 'custom', path: ['connection', 'password'], message: 'required for a Windows (NTLM) login: logging in as the Windows user running Deskbridge, without a password, is not supported' });
  }
  // Talkdesk offers an action on automations, on contacts, or on interactions of a type the integration declares.
  const scopes = new Set(['automation', 'contact', ...integration.interactions.map((interaction) => interaction.type)]);
  integration.actions.forEach((action, index) => action.scoping.forEach((scope, position) => {
    if (!scopes.has(scope)) {
      context.addIssue({ code: 'custom', path: ['actions', index, 'scoping', position], message: `"${scope}" is not "automation", "contact" or one of this integration's interaction types (${[...scopes].slice(2).join(', ') || 'none'})` });
    }
  }));
});

type DefaultedKey<S extends z.ZodObject> = { [K in keyof S['shape']]: S['shape'][K] extends z.ZodDefault ? K : never }[keyof S['shape']];

/** The values the bridge gives the keys a new piece leaves out, so the UI fills one in without copying them. */
export function defaultsOf<S extends z.ZodObject>(schema: S): Pick<z.output<S>, DefaultedKey<S>> {
  const defaults: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(schema.shape)) {
    if (field instanceof z.ZodDefault) defaults[key] = field.parse(undefined);
  }
  return defaults as Pick<z.output<S>, DefaultedKey<S>>;
}
