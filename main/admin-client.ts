// Talks to the bridge's loopback admin API with the per-launch token from its admin URL.
import { z } from 'zod';
import { statusSchema as bridgeStatusSchema } from '../bridge/contract/status.js';

// Only the parts the shell shows, so that a status with parts it does not know still reads.
const { database, tunnel, calls } = bridgeStatusSchema.shape;
const statusSchema = z.looseObject({
  database: z.looseObject({ state: database.shape.state }),
  tunnel: z.looseObject({ state: tunnel.shape.state, url: tunnel.shape.url.optional() }),
  calls: calls.optional(),
});

const bundleSchema = z.looseObject({ file: z.string(), name: z.string() });

/** The parts of `GET /api/status` the shell shows. */
export type BridgeStatus = z.infer<typeof statusSchema>;

type Fetch = (input: string, init?: { method?: string; headers?: Record<string, string>; signal?: AbortSignal }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
}>;

/** A client bound to one bridge launch (the admin URL changes with every start). */
export interface AdminClient {
  readonly origin: string;
  fetchStatus(): Promise<BridgeStatus>;
  pauseTunnel(): Promise<void>;
  resumeTunnel(): Promise<void>;
  /** Makes a diagnostics bundle in the data folder; resolves with its path. */
  createDiagnostics(): Promise<{ file: string; name: string }>;
}

/** Live checks wait up to 5 s each, and the bundle is zipped after them. */
const DIAGNOSTICS_TIMEOUT_MS = 60_000;

export function createAdminClient(adminUrl: string, fetchImpl: Fetch = fetch): AdminClient {
  const url = new URL(adminUrl);
  const token = url.searchParams.get('token') ?? '';
  const headers = { authorization: `Bearer ${token}` };

  async function call(method: 'GET' | 'POST', path: string, options: { timeoutMs?: number; body?: boolean } = {}): Promise<unknown> {
    const response = await fetchImpl(new URL(path, url.origin).href, { method, headers, signal: AbortSignal.timeout(options.timeoutMs ?? 5000) });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
    // The tunnel calls may answer 204: only the calls whose answer the shell reads parse it.
    return method === 'GET' || options.body ? response.json() : undefined;
  }

  return {
    origin: url.origin,
    fetchStatus: async () => statusSchema.parse(await call('GET', '/api/status')),
    pauseTunnel: async () => void (await call('POST', '/api/tunnel/pause')),
    resumeTunnel: async () => void (await call('POST', '/api/tunnel/resume')),
    createDiagnostics: async () => bundleSchema.parse(await call('POST', '/api/diagnostics', { timeoutMs: DIAGNOSTICS_TIMEOUT_MS, body: true })),
  };
}
