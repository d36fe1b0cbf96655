// The bridge's stdout protocol: one JSON event per line, parsed by a schema before the shell trusts it.
import { z } from 'zod';

const loopbackUrl = z.url();

export const TUNNEL_STATES = ['connecting', 'online', 'degraded', 'offline', 'stopped'] as const;
export type TunnelState = (typeof TUNNEL_STATES)[number];

const readySchema = z.looseObject({
  event: z.literal('ready'),
  publicUrl: z.string().nullable(),
  bridgeUrl: loopbackUrl,
  adminUrl: loopbackUrl,
});

const tunnelSchema = z.looseObject({
  event: z.literal('tunnel'),
  state: z.enum(TUNNEL_STATES),
  url: z.string().nullable().optional(),
  urlChanged: z.boolean().optional(),
});

const alertSchema = z.looseObject({
  event: z.literal('alert'),
  code: z.string(),
  message: z.string(),
});

const errorSchema = z.looseObject({
  event: z.literal('error'),
  code: z.string(),
  message: z.string(),
});

const bridgeEventSchema = z.discriminatedUnion('event', [readySchema, tunnelSchema, alertSchema, errorSchema]);

export type ReadyEvent = z.infer<typeof readySchema>;
export type TunnelEvent = z.infer<typeof tunnelSchema>;
export type AlertEvent = z.infer<typeof alertSchema>;
export type StartErrorEvent = z.infer<typeof errorSchema>;
export type BridgeEvent = z.infer<typeof bridgeEventSchema>;

/**
 * Parses one stdout line. Returns undefined for lines that are not a known event (events the shell
 * does not use yet, or stray output), so a newer bridge never breaks an older shell.
 */
export function parseBridgeLine(line: string): BridgeEvent | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const parsed = bridgeEventSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
