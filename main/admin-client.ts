// Talks to the bridge's loopback admin API with the per-launch token from its admin URL.
import { z } from 'zod';

const statusSchema = z.looseObject({
  database: z.looseObject({ state: z.string() }),
  tunnel: z.looseObject({ state: z.string(), url: z.string().nullable().optional() }),
});

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
}

export function createAdminClient(adminUrl: string, fetchImpl: Fetch = fetch): AdminClient {
  const url = new URL(adminUrl);
  const token = url.searchParams.get('token') ?? '';
  const headers = { authorization: `Bearer ${token}` };

  async function call(method: 'GET' | 'POST', path: string): Promise<unknown> {
    const response = await fetchImpl(new URL(path, url.origin).href, { method, headers, signal: AbortSignal.timeout(5000) });
    if (!response.ok) throw new Error(`${method} ${path} answered ${response.status}`);
    // Only the status call has a body the shell reads; the tunnel calls may answer 204.
    return method === 'GET' ? response.json() : undefined;
  }

  return {
    origin: url.origin,
    fetchStatus: async () => statusSchema.parse(await call('GET', '/api/status')),
    pauseTunnel: async () => void (await call('POST', '/api/tunnel/pause')),
    resumeTunnel: async () => void (await call('POST', '/api/tunnel/resume')),
  };
}
