// The bridge's stdout protocol: one JSON event per line, which the desktop shell parses before it trusts it.
import { z } from 'zod';

export const TUNNEL_STATES = ['connecting', 'online', 'degraded', 'offline', 'stopped'] as const;
export type TunnelState = (typeof TUNNEL_STATES)[number];

const loopbackUrl = z.url();

// Loose: a newer bridge may add keys (the ready event also carries dataDir, profile and integrations).
export const readyEventSchema = z.looseObject({
  event: z.literal('ready'),
  publicUrl: z.string().nullable(),
  bridgeUrl: loopbackUrl,
  adminUrl: loopbackUrl,
});

export const tunnelEventSchema = z.looseObject({
  event: z.literal('tunnel'),
  state: z.enum(TUNNEL_STATES),
  url: z.string().nullable().optional(),
  urlChanged: z.boolean().optional(),
});

export const alertEventSchema = z.looseObject({ event: z.literal('alert'), code: z.string(), message: z.string() });

/** The bridge could not start (or stopped on an error): the code and the admin's message. */
export const errorEventSchema = z.looseObject({ event: z.literal('error'), code: z.string(), message: z.string() });

export const bridgeEventSchema = z.discriminatedUnion('event', [readyEventSchema, tunnelEventSchema, alertEventSchema, errorEventSchema]);

export type ReadyEvent = z.infer<typeof readyEventSchema>;
export type TunnelEvent = z.infer<typeof tunnelEventSchema>;
export type AlertEvent = z.infer<typeof alertEventSchema>;
export type StartErrorEvent = z.infer<typeof errorEventSchema>;
export type BridgeEvent = z.infer<typeof bridgeEventSchema>;
