// A diagnostics bundle: one zip with versions, the profile and recent failures without credentials, logs, crash dumps and live checks.
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync, type Zippable } from 'fflate';
import { logDirectory } from '../logger.js';
import { NGROK_DEFAULT_SERVER_ADDR, ngrokServerAddr } from '../tunnel/ngrok.js';
import { DESKBRIDGE_VERSION } from '../version.js';
import type { Profile } from '../profile/schema.js';
import type { RequestLog } from '../state/request-log.js';
import { checkClock, checkDisk, checkDns, checkHttp, checkTcp, checkTls, timed, type CheckResult } from './checks.js';
import { redact, scrubKnown } from './redact.js';

/** What a bundle is made from: the running bridge gives its own, the `diagnostics` command opens the data directory. */
export interface DiagnosticsSources {
  dataDir: string;
  profile: Profile | undefined;
  requestLog: Pick<RequestLog, 'list'>;
  /** Tries each integration's database once. */
  testDatabase(integration: string): Promise<void>;
  /** The running bridge's status and alerts (GET /api/status); absent when no bridge runs in this process. */
  status?: () => Promise<unknown>;
  /** The public URL the running tunnel has, when there is one. */
  publicUrl?: string;
  /** Measure the clock against this URL's Date header instead of the relay's or the public URL's. */
  clockUrl?: string;
  /** Values that must not appear anywhere in the bundle (the stored secrets): removed as a second net. */
  knownSecrets: readonly string[];
  /** Where Electron's crash reporter writes its dumps (DATA_DIR/crashes unless told). */
  crashDirectory?: string;
}

const LOG_BYTES = 4 * 1024 * 1024;
const CRASH_BYTES = 20 * 1024 * 1024;
const FAILED_REQUESTS = 200;

export const BUNDLE_README = `Deskbridge diagnostics bundle. Credentials are removed; send it to whoever supports this installation.
versions.json         Deskbridge, Node.js, Electron and operating system versions
profile.json          the profile, with secrets and passwords removed (secret names are kept)
status.json           the running bridge's status and alerts, when it was made by the bridge
checks.json           live checks run when the bundle was made: databases, tunnel relay (DNS, TCP, TLS), public URL, clock, disk
failed-requests.json  the last failed Talkdesk calls as the request log keeps them (credentials removed)
logs/                 the end of the newest log files
crashes/              crash dumps the desktop app wrote (they stay on this computer; nothing is uploaded)
`;

/** Where the tunnel's relay is, for the DNS, TCP and TLS checks. */
function relayOf(profile: Profile | undefined): { host: string; port: number; tls: boolean; url?: string } | undefined {
  const tunnel = profile?.tunnel;
  if (!tunnel || tunnel.provider === 'none') return undefined;
  if (tunnel.provider === 'ssh') return { host: tunnel.host, port: tunnel.port, tls: false };
  if (tunnel.provider === 'ngrok') {
    // The agent's way out (or where a test points the SDK); its TLS is ngrok's own, so only DNS and TCP are checked.
    const [host = 'connect.ngrok-agent.com', port = '443'] = (ngrokServerAddr() ?? NGROK_DEFAULT_SERVER_ADDR).split(':');
    return { host, port: Number(port), tls: false };
  }
  const url = new URL(tunnel.provider === 'localtunnel' ? tunnel.host : tunnel.url);
  const secure = url.protocol === 'https:';
  return { host: url.hostname.replace(/^\[|\]$/g, ''), port: Number(url.port) || (secure ? 443 : 80), tls: secure, url: url.origin };
}

function publicUrlOf(sources: DiagnosticsSources): string | undefined {
  const tunnel = sources.profile?.tunnel;
  if (sources.publicUrl) return sources.publicUrl;
  if (tunnel?.provider === 'ssh') return tunnel.publicUrl;
  if (tunnel?.provider === 'external') return tunnel.url;
  return undefined;
}

export async function runChecks(sources: DiagnosticsSources): Promise<CheckResult[]> {
  const checks: Array<Promise<CheckResult | CheckResult[]>> = [];
  for (const integration of sources.profile?.integrations ?? []) {
    checks.push(timed('database', integration.id, async () => {
      await sources.testDatabase(integration.id);
      return { detail: `${integration.connection.dialect} database answered` };
    }));
  }
  const relay = relayOf(sources.profile);
  if (relay) {
    checks.push((async () => {
      const results = [await checkDns(relay.host)];
      results.push(await checkTcp(relay.host, relay.port));
      if (relay.tls) results.push(await checkTls(relay.host, relay.port));
      return results.map((result) => ({ ...result, of: 'tunnel relay' }));
    })());
  }
  const publicUrl = publicUrlOf(sources);
  if (publicUrl) checks.push(checkHttp('public-url', new URL('/health', publicUrl).href));
  const clockUrl = sources.clockUrl ?? (relay?.tls ? relay.url : undefined) ?? (publicUrl?.startsWith('https:') ? publicUrl : undefined);
  checks.push(clockUrl ? checkClock(clockUrl)
    : Promise.resolve({ check: 'clock', ok: false, skipped: true, detail: 'not measured: no HTTPS server is configured to compare with (give --clock-url URL)' }));
  checks.push(checkDisk(sources.dataDir));
  return (await Promise.all(checks)).flat();
}

/** The newest files under DIRECTORY (recursively), at most BUDGET bytes in all, each cut to its last part. */
async function newestFiles(directory: string, budget: number, filter: (name: string) => boolean): Promise<Array<{ name: string; data: Buffer }>> {
  const entries = await fs.readdir(directory, { recursive: true, withFileTypes: true }).catch(() => []);
  const files = await Promise.all(entries.filter((entry) => entry.isFile() && filter(entry.name)).map(async (entry) => {
    const file = path.join(entry.parentPath, entry.name);
    const stats = await fs.stat(file);
    return { file, name: path.relative(directory, file).split(path.sep).join('/'), size: stats.size, mtime: stats.mtimeMs };
  }));
  const chosen: Array<{ name: string; data: Buffer }> = [];
  let left = budget;
  for (const file of files.sort((a, b) => b.mtime - a.mtime)) {
    if (left <= 0) break;
    const take = Math.min(file.size, left);
    const handle = await fs.open(file.file, 'r');
    try {
      const data = Buffer.alloc(take);
      await handle.read(data, 0, take, file.size - take);
      chosen.push({ name: file.name, data });
    } finally {
      await handle.close();
    }
    left -= take;
  }
  return chosen;
}

function versions(): Record<string, string> {
  return {
    deskbridge: DESKBRIDGE_VERSION, node: process.versions.node,
    ...(process.versions.electron ? { electron: process.versions.electron } : {}),
    platform: process.platform, arch: process.arch, os: `${os.type()} ${os.release()}`, hostname: os.hostname(),
  };
}

/** Makes the bundle; returns the zip's bytes and the checks' results. */
export async function createBundle(sources: DiagnosticsSources, now = new Date()): Promise<{ zip: Uint8Array; checks: CheckResult[] }> {
  const [checks, failed, status, logs, crashes] = await Promise.all([
    runChecks(sources),
    sources.requestLog.list({ status: 'error', limit: FAILED_REQUESTS }),
    sources.status ? sources.status().catch((error: unknown) => ({ error: String(error) })) : Promise.resolve({ note: 'made by the diagnostics command: no bridge runs in this process, so there is no live status (the checks below ran here)' }),
    newestFiles(logDirectory(sources.dataDir), LOG_BYTES, (name) => name.endsWith('.log')),
    newestFiles(sources.crashDirectory ?? path.join(sources.dataDir, 'crashes'), CRASH_BYTES, (name) => name.endsWith('.dmp')),
  ]);
  const json = (value: unknown) => strToU8(scrubKnown(JSON.stringify(redact(value), null, 2), sources.knownSecrets));
  const files: Zippable = {
    'README.txt': strToU8(BUNDLE_README),
    'versions.json': json({ ...versions(), createdAt: now.toISOString() }),
    'profile.json': json(sources.profile ?? { note: 'no profile: Deskbridge runs the demo integration' }),
    'status.json': json(status),
    'checks.json': json(checks),
    'failed-requests.json': json(failed),
  };
  for (const log of logs) files[`logs/${log.name}`] = strToU8(scrubKnown(log.data.toString('utf8'), sources.knownSecrets));
  for (const crash of crashes) files[`crashes/${crash.name}`] = new Uint8Array(crash.data);
  return { zip: zipSync(files, { level: 6, mtime: now }), checks };
}

/** DATA_DIR/diagnostics/deskbridge-diagnostics-YYYYMMDD-HHMMSS.zip, where bundles are written unless told. */
export function defaultBundlePath(dataDir: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return path.join(dataDir, 'diagnostics', `deskbridge-diagnostics-${stamp}.zip`);
}

/** Writes the bundle owner-only (it holds logs and the office's database layout). */
export async function writeBundle(file: string, zip: Uint8Array): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await fs.writeFile(file, zip, { mode: 0o600 });
}
