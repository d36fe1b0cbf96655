// Opaque, tamper-checked sync tokens: base64url(JSON) + "." + HMAC-SHA256, bound to one integration.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';

const value = z.union([z.string(), z.number(), z.boolean()]);
const cursor = z.strictObject({ checkpoint: value.nullable(), key: value, at: z.string().max(64).optional() });

/** Where a paging run continues: the run's identity and the last position sent. */
export const offsetSchema = z.strictObject({
  t: z.literal('o'),
  i: z.string(),
  f: z.string(),
  run: z.string(),
  kind: z.enum(['full', 'incremental']),
  started: z.number(),
  after: cursor,
  /** The run's lookback limit: the database clock at its start minus the window, in ms since the epoch. */
  ceil: z.number().optional(),
});

/** What the next run starts from: the checkpoint value of the newest row sent (null: nothing dated yet). */
export const checkpointSchema = z.strictObject({
  t: z.literal('c'),
  i: z.string(),
  f: z.string(),
  c: value.nullable(),
});

export type OffsetToken = z.output<typeof offsetSchema>;
export type CheckpointToken = z.output<typeof checkpointSchema>;

const SIGNATURE_CHARS = 27;

export class TokenSigner {
  constructor(private readonly secret: Buffer) {}

  sign(payload: OffsetToken | CheckpointToken): string {
    const body = Buffer.from(JSON.stringify(payload), 'utf8').toString('base64url');
    return `${body}.${this.mac(body)}`;
  }

  /** The payload, or undefined when the token is malformed, forged or of another shape. */
  verify<T extends z.ZodType>(token: unknown, schema: T): z.output<T> | undefined {
    if (typeof token !== 'string' || token.length > 4096) return undefined;
    const dot = token.indexOf('.');
    if (dot <= 0) return undefined;
    const body = token.slice(0, dot);
    const expected = Buffer.from(this.mac(body));
    const given = Buffer.from(token.slice(dot + 1));
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
    try {
      const parsed = schema.safeParse(JSON.parse(Buffer.from(body, 'base64url').toString('utf8')));
      return parsed.success ? parsed.data : undefined;
    } catch {
      return undefined;
    }
  }

  private mac(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url').slice(0, SIGNATURE_CHARS);
  }
}
