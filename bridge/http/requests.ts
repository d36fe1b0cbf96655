// Schemas of the Talkdesk request bodies (spec sections 2-6): tolerant where Talkdesk versions differ, strict on types.
import { z } from 'zod';

const record = z.record(z.string(), z.unknown());
const scalar = z.union([z.string(), z.number(), z.boolean()]);

/** Every body: `auth`, `meta` and `data` objects, each optional (missing, null or {} mean empty). */
export const envelopeSchema = z.object({
  auth: record.nullish(),
  meta: record.nullish(),
  data: record.nullish(),
});

export const syncMetaSchema = z.object({
  synchronization_checkpoint: z.string().nullish(),
  offset: z.string().nullish(),
  context: z.unknown().optional(),
});

export const interactionRequestSchema = z.object({
  meta: z.object({ interaction_types: z.array(z.string()).max(50).nullish() }),
  data: z.object({
    contact_external_id: z.union([z.string().max(200), z.number()]).nullish(),
    contact_name: z.string().nullish(),
    contact_emails: z.array(z.string().max(320)).max(50).nullish(),
    contact_phones: z.array(z.string().max(64)).max(50).nullish(),
  }),
});

/**
 * `data` values may be any JSON: an input the action does not declare is ignored whatever it holds (a Talkdesk
 * Connections body is the caller's own schema), and a declared one is checked against its type (mapping/action.ts).
 */
export const actionRequestSchema = z.object({
  meta: z.record(z.string(), scalar.nullable()),
  data: z.record(z.string(), z.unknown()),
});

export const agentsMetaSchema = z.object({
  offset: z.union([z.number().int().min(0), z.string().regex(/^\d{1,9}$/).transform(Number)]).nullish(),
});
