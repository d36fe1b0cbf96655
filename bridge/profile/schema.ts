// The profile document (spec/profile.md) as a schema: every input is parsed here before use.
import path from 'node:path';
import { z } from 'zod';
import { DIALECTS } from '../../connectors/index.js';

const text = z.string().trim().min(1);
const slug = z.string().regex(/^[a-z0-9-]{1,40}$/, 'expected a slug of 1-40 characters a-z, 0-9 and "-"');
const name = z.string().regex(/^[a-z0-9_]{1,60}$/, 'expected 1-60 characters a-z, 0-9 and "_"');

/** A secret never stands inline: it names a stored secret or an environment variable. */
export const secretRefSchema = z.union([
  z.strictObject({ secret: text }),
  z.strictObject({ env: z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'expected an environment variable name') }),
]);

export const sourceSchema = z.union([z.strictObject({ table: text }), z.strictObject({ sql: text })]);

/** A column name, or a template such as "{first_name} {last_name}". */
const fieldRef = text;
const fieldRefs = z.union([fieldRef, z.array(fieldRef).min(1)]);

export const connectionSchema = z.strictObject({
  dialect: z.enum(DIALECTS),
  host: text.optional(),
  port: z.number().int().min(1).max(65535).optional(),
  database: text.optional(),
  user: text.optional(),
  password: secretRefSchema.optional(),
  /** SQLite only; absolute, so that it never depends on the directory a service happens to start in. */
  filename: text.refine((value) => !value.includes('\0') && path.isAbsolute(value), 'expected an absolute file path').optional(),
  options: z.record(z.string(), z.unknown()).optional(),
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

export const actionSchema = z.strictObject({
  name,
  display: text,
  description: z.string().optional(),
  scoping: z.array(text).min(1).default(['automation', 'contact']),
  inputs: z.array(z.strictObject({
    key: z.string().regex(/^[A-Za-z0-9_]{1,60}$/, 'expected 1-60 characters A-Z, a-z, 0-9 and "_"'),
    name: text,
    type: z.enum(INPUT_TYPES).default('text'),
    mandatory: z.boolean().default(false),
    format: z.string().optional(),
    default: z.union([z.string(), z.number(), z.boolean()]).optional(),
  })).default([]),
  insert: z.strictObject({
    table: text,
    values: z.record(text, z.string()).refine((values) => Object.keys(values).length > 0, 'expected at least one column'),
    returning: text.optional(),
  }),
});

export const agentsSchema = z.strictObject({
  source: sourceSchema,
  fields: z.strictObject({ id: fieldRef, name: fieldRef, email: fieldRef.optional() }),
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
  /** Source addresses (CIDR) allowed to call the public endpoints; empty allows all. */
  allowIps: z.array(text).optional(),
}).superRefine((integration, context) => {
  const seen = (values: string[], path: string, label: string) => {
    values.forEach((value, index) => {
      if (values.indexOf(value) !== index) context.addIssue({ code: 'custom', path: [path, index], message: `duplicate ${label} "${value}"` });
    });
  };
  seen(integration.interactions.map((interaction) => interaction.type), 'interactions', 'interaction type');
  seen(integration.actions.map((action) => action.name), 'actions', 'action name');
});

export const tunnelSchema = z.discriminatedUnion('provider', [
  z.strictObject({ provider: z.literal('none') }),
  z.strictObject({
    provider: z.literal('localtunnel'),
    host: z.url().default('https://localtunnel.me'),
    subdomain: z.string().regex(/^[a-z0-9-]{4,63}$/, 'expected 4-63 characters a-z, 0-9 and "-"').optional(),
  }),
  z.strictObject({
    provider: z.literal('ssh'),
    host: text,
    port: z.number().int().min(1).max(65535).default(22),
    user: text,
    privateKey: secretRefSchema.optional(),
    password: secretRefSchema.optional(),
    hostKey: text,
    remoteHost: text.default('127.0.0.1'),
    remotePort: z.number().int().min(1).max(65535),
    publicUrl: z.url(),
  }),
  z.strictObject({ provider: z.literal('external'), url: z.url() }),
]);

export const profileSchema = z.strictObject({
  version: z.literal(1),
  integrations: z.array(integrationSchema),
  tunnel: tunnelSchema.default({ provider: 'none' }),
}).superRefine((profile, context) => {
  const ids = profile.integrations.map((integration) => integration.id);
  ids.forEach((id, index) => {
    if (ids.indexOf(id) !== index) context.addIssue({ code: 'custom', path: ['integrations', index, 'id'], message: `duplicate integration id "${id}"` });
  });
});

export type Profile = z.output<typeof profileSchema>;
export type ProfileInput = z.input<typeof profileSchema>;
export type Integration = z.output<typeof integrationSchema>;
export type ContactsMapping = z.output<typeof contactsSchema>;
export type PhoneIndexSettings = Exclude<z.output<typeof phoneIndexSchema>, false>;
export type InteractionMapping = z.output<typeof interactionSchema>;
export type ActionConfig = z.output<typeof actionSchema>;
export type AgentsMapping = z.output<typeof agentsSchema>;
export type TunnelConfig = z.output<typeof tunnelSchema>;
export type SecretRef = z.output<typeof secretRefSchema>;
export type ConnectionSettings = z.output<typeof connectionSchema>;
