// GET /api/status: what the dashboard and the desktop shell read of the bridge's health; no Node imports.
import { z } from 'zod';
import { DIALECTS } from '../../connectors/connector.js';
import { TUNNEL_STATES } from './events.js';

export const syncRunSchema = z.object({
  id: z.string(),
  integration: z.string(),
  kind: z.enum(['full', 'incremental']),
  startedAt: z.string(),
  finishedAt: z.string().optional(),
  pages: z.number(),
  rows: z.number(),
  durationMs: z.number().optional(),
});

export const phoneIndexStatusSchema = z.object({
  state: z.enum(['building', 'ready', 'failed']),
  /** Contacts the running full pass has read (the first one builds the index). */
  contactsRead: z.number(),
  passStartedAt: z.string().nullable(),
  lastFullPassAt: z.string().nullable(),
  lastRefreshAt: z.string().nullable(),
  error: z.string().optional(),
});

export const metricsSchema = z.object({
  windowMinutes: z.number(),
  requests: z.number(),
  requestsPerMinute: z.number(),
  errorRate: z.number(),
  p95LatencyMs: z.number().nullable(),
  lastRequestAt: z.string().nullable(),
  /** The share of failed calls above which the dashboard alerts, so it colours its card by the alert's own threshold. */
  errorRateAlert: z.number(),
});

export const alertSchema = z.object({ code: z.string(), integration: z.string().optional(), message: z.string() });

const transitionSchema = z.object({ at: z.string(), state: z.enum(TUNNEL_STATES), url: z.string().optional(), detail: z.string().optional() });

/** The tunnel as GET /api/tunnel and the status answer it. */
export const tunnelStatusSchema = z.object({
  state: z.enum([...TUNNEL_STATES, 'not_configured']),
  provider: z.enum(['none', 'localtunnel', 'ssh', 'external', 'ngrok']),
  /** The URL that serves right now, when connected. */
  url: z.string().nullable(),
  /** The URL asked for (pasted into Talkdesk); differs from `url` when the relay granted another. */
  requestedUrl: z.string().optional(),
  urlChanged: z.boolean().optional(),
  lastProbeAt: z.string().optional(),
  lastProbeOk: z.boolean().optional(),
  lastProbeOkAt: z.string().optional(),
  lastError: z.string().optional(),
  history: z.array(transitionSchema).optional(),
});

const probeSchema = z.object({ state: z.enum(['ok', 'unavailable']), message: z.string().optional(), checkedAt: z.string() });

export const integrationStatusSchema = z.object({
  id: z.string(),
  displayName: z.string(),
  dialect: z.enum(DIALECTS),
  database: probeSchema,
  auth: z.enum(['api_key', 'none']),
  activeKeys: z.number(),
  revokedKeys: z.number(),
  lastSync: syncRunSchema.nullable(),
  /** A full sync started instead of an incremental one lately, and why. */
  syncRestart: z.object({ at: z.string(), reason: z.string() }).nullable(),
  /** Null where the integration keeps no phone index (turned off, or no phone field): lookups ask the database. */
  phoneIndex: phoneIndexStatusSchema.nullable(),
});

export const statusSchema = z.object({
  database: z.object({ state: z.enum(['ok', 'unavailable', 'not_configured']), message: z.string().optional(), checkedAt: z.string().optional() }),
  tunnel: tunnelStatusSchema,
  integrations: z.array(integrationStatusSchema),
  metrics: metricsSchema,
  /** Entries the request log dropped since the start (they could not be stored); 0 in a healthy bridge. */
  requestLog: z.object({ dropped: z.number() }),
  /** Talkdesk calls the bridge is answering or holding now (an update waits until there are none). */
  calls: z.object({ inFlight: z.number() }),
  /** Only the demo integration, and Talkdesk has not called yet. */
  firstRun: z.boolean(),
  alerts: z.array(alertSchema),
});

export type SyncRun = z.infer<typeof syncRunSchema>;
export type PhoneIndexStatus = z.infer<typeof phoneIndexStatusSchema>;
export type Metrics = z.infer<typeof metricsSchema>;
export type Alert = z.infer<typeof alertSchema>;
export type TunnelStatus = z.infer<typeof tunnelStatusSchema>;
export type IntegrationStatus = z.infer<typeof integrationStatusSchema>;
export type Status = z.infer<typeof statusSchema>;
