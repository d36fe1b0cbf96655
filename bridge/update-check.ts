// Headless installs: asks the update server (DESKBRIDGE_UPDATE_URL) daily whether a newer version exists, and says so.
import semver from 'semver';

/** electron-builder's channel file for each platform on a generic update server. */
export function channelFile(platform: NodeJS.Platform = process.platform): string {
  return platform === 'win32' ? 'latest.yml' : platform === 'darwin' ? 'latest-mac.yml' : 'latest-linux.yml';
}

/** The version the update server offers when it is newer than CURRENT; undefined when it is not. Throws when the server cannot be read. */
export async function newerVersion(feedUrl: string, current: string, platform: NodeJS.Platform = process.platform, signal?: AbortSignal): Promise<string | undefined> {
  const base = feedUrl.endsWith('/') ? feedUrl : `${feedUrl}/`;
  const response = await fetch(new URL(channelFile(platform), base), { signal: signal ?? AbortSignal.timeout(30_000) });
  if (!response.ok) throw new Error(`the update server answered ${response.status} for ${channelFile(platform)}`);
  const offered = /^version:\s*['"]?([^'"\s]+)['"]?\s*$/m.exec(await response.text())?.[1];
  if (!offered || !semver.valid(offered)) throw new Error(`${channelFile(platform)} names no version`);
  return semver.gt(offered, current) ? offered : undefined;
}

export interface UpdateNotice { event: 'update_available'; version: string; current: string; feed: string }

/** Checks now and then daily; reports each newer version once. Returns a function that stops it. */
export function watchForUpdates(feedUrl: string, current: string, report: (notice: UpdateNotice) => void, failed: (error: unknown) => void, intervalMs = 24 * 60 * 60 * 1000): () => void {
  let reported: string | undefined;
  const check = () => newerVersion(feedUrl, current).then((version) => {
    if (version && version !== reported) {
      reported = version;
      report({ event: 'update_available', version, current, feed: feedUrl });
    }
  }, failed);
  void check();
  const timer = setInterval(() => void check(), intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
