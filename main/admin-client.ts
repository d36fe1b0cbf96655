// Talks to the bridge's loopback admin API with the per-launch token from its admin URL.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const statusSchema = z.looseObject({
  database: z.looseObject({ state: z.string() }),
  tunnel: z.looseObject({ state: z.string(), url: z.string().nullable().optional() }),
  calls: z.looseObject({ inFlight: z.number() }).optional(),
});

const bundleSchema = z.looseObject({ file: z.string(), name: z.string() });

/** The parts of `GET /api/status` the shell shows. */
export type BridgeStatus = z.infer<typeof statusSchema>;

type Fetch = (input: string, init?: { method?: string; headers?: Record<string, string>; signal?: AbortSignal }) => Promise<{
  ok: boolean;
  status: number;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

/** A client bound to one bridge launch (the admin URL changes with every start). */
export interface AdminClient {
  readonly origin: string;
  fetchStatus(): Promise<BridgeStatus>;
  pauseTunnel(): Promise<void>;
  resumeTunnel(): Promise<void>;
  /** Makes a diagnostics bundle in the data folder; resolves with its path. */
  createDiagnostics(): Promise<{ file: string; name: string }>;
  /** The bytes of a diagnostics bundle, by name (a service's data folder is not the user's to open). */
  downloadDiagnostics(name: string): Promise<Buffer>;
}

/** An admin call the bridge answered with an error status (401: it does not accept this token). */
export class AdminCallError extends Error {
  constructor(message: string, readonly status: number) {
    super(message);
  }
}

/** Live checks wait up to 5 s each, and the bundle is zipped after them. */
const DIAGNOSTICS_TIMEOUT_MS = 60_000;

export function createAdminClient(adminUrl: string, fetchImpl: Fetch = fetch): AdminClient {
  const url = new URL(adminUrl);
  const token = url.searchParams.get('token') ?? '';
  const headers = { authorization: `Bearer ${token}` };

  async function send(method: 'GET' | 'POST', route: string, timeoutMs = 5000): Promise<Awaited<ReturnType<Fetch>>> {
    const response = await fetchImpl(new URL(route, url.origin).href, { method, headers, signal: AbortSignal.timeout(timeoutMs) });
    if (!response.ok) throw new AdminCallError(`${method} ${route} answered ${response.status}`, response.status);
    return response;
  }

  async function call(method: 'GET' | 'POST', route: string, options: { timeoutMs?: number; body?: boolean } = {}): Promise<unknown> {
    const response = await send(method, route, options.timeoutMs);
    // The tunnel calls may answer 204: only the calls whose answer the shell reads parse it.
    return method === 'GET' || options.body ? response.json() : undefined;
  }

  return {
    origin: url.origin,
    fetchStatus: async () => statusSchema.parse(await call('GET', '/api/status')),
    pauseTunnel: async () => void (await call('POST', '/api/tunnel/pause')),
    resumeTunnel: async () => void (await call('POST', '/api/tunnel/resume')),
    createDiagnostics: async () => bundleSchema.parse(await call('POST', '/api/diagnostics', { timeoutMs: DIAGNOSTICS_TIMEOUT_MS, body: true })),
    downloadDiagnostics: async (name) => Buffer.from(await (await send('GET', `/api/diagnostics/${encodeURIComponent(name)}`, DIAGNOSTICS_TIMEOUT_MS)).arrayBuffer()),
  };
}

/** Copies a bundle the service made into the user's folder (e.g. Downloads); resolves with the copy's path. */
export async function saveDiagnostics(admin: AdminClient, bundle: { name: string }, folder: string): Promise<string> {
  const file = path.join(folder, path.basename(bundle.name));
  await fs.mkdir(folder, { recursive: true });
  await fs.writeFile(file, await admin.downloadDiagnostics(bundle.name), { mode: 0o600 });
  return file;
}
