// Schemas of the admin API's request bodies and queries: every body is parsed here before use.
import { z } from 'zod';
import {
  actionSchema, agentsSchema, connectionSchema, contactsSchema, interactionSchema, sourceSchema,
} from '../../profile/schema.js';
import { slug } from '../../contract/profile.js';

/** A connection being edited: the profile's connection, plus a typed password that is stored, never echoed. */
export const connectionTestSchema = z.strictObject({
  integration: slug,
  connection: connectionSchema,
  password: z.string().max(1000).optional(),
  /** The tables the integration's actions insert into: writing those is expected. */
  writes: z.array(z.string().max(200)).max(100).optional(),
});

export const introspectSchema = z.strictObject({ connection: connectionSchema });

export const columnsSchema = z.strictObject({ connection: connectionSchema, source: sourceSchema });

export const contactsPreviewSchema = z.strictObject({
  connection: connectionSchema,
  contacts: contactsSchema,
  limit: z.number().int().min(1).max(100).default(10),
});

export const interactionsPreviewSchema = z.strictObject({
  connection: connectionSchema,
  interaction: interactionSchema,
  contactKey: z.union([z.string().min(1).max(200), z.number()]),
});

export const agentsPreviewSchema = z.strictObject({
  connection: connectionSchema,
  agents: agentsSchema,
  limit: z.number().int().min(1).max(1000).default(100),
});

export const actionDryRunSchema = z.strictObject({
  connection: connectionSchema.optional(),
  action: actionSchema,
  phoneRegion: z.string().regex(/^[A-Z]{2}$/).default('US'),
  request: z.strictObject({
    meta: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
    data: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).default({}),
  }),
});

export const keyCreateSchema = z.strictObject({ label: z.string().trim().max(80).optional() });

export const logQuerySchema = z.object({
  integration: z.string().max(40).optional(),
  endpoint: z.enum(['auth', 'contacts', 'interactions', 'agents', 'actions', 'unknown']).optional(),
  status: z.enum(['ok', 'error']).optional(),
  before: z.coerce.number().int().min(1).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const metricsQuerySchema = z.object({
  integration: z.string().max(40).optional(),
  minutes: z.coerce.number().int().min(1).max(1440).default(15),
});

export const selfTestSchema = z.strictObject({
  contactKey: z.union([z.string().min(1).max(200), z.number()]).optional(),
});

export const idParamSchema = z.coerce.number().int().min(1);
