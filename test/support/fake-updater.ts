// A typed fake of electron-updater's AppUpdater that really reads latest.yml and downloads the file from a (loopback) server,
// checking size and SHA-512 as electron-updater does; installing is only recorded. Electron cannot run here.
import { createHash } from 'node:crypto';
import type { UpdateCheckResult, UpdateInfo } from 'electron-updater';
import type { UpdaterLike } from '../../main/update-policy.js';

export class FakeUpdaterOverHttp implements UpdaterLike {
  autoDownload = true;
  autoInstallOnAppQuit = false;
  allowDowngrade = true;
  readonly installs: Array<{ silent?: boolean; runAfter?: boolean }> = [];
  readonly downloads: string[] = [];
  private info: UpdateInfo | undefined;

  constructor(private readonly feedUrl: string) {}

  async checkForUpdates(): Promise<UpdateCheckResult | null> {
    const response = await fetch(new URL('latest.yml', this.feedUrl));
    if (!response.ok) throw new Error(`Cannot find latest.yml in the latest release artifacts (${response.status})`);
    const text = await response.text();
    const field = (name: string) => new RegExp(`^\\s*-?\\s*${name}: (.+)$`, 'm').exec(text)?.[1]?.trim() ?? '';
    const file = { url: field('url'), sha512: field('sha512'), size: Number(field('size')) };
    this.info = { version: field('version'), files: [file], path: file.url, sha512: file.sha512, releaseDate: field('releaseDate') };
    return { isUpdateAvailable: true, updateInfo: this.info, versionInfo: this.info };
  }

  async downloadUpdate(): Promise<string[]> {
    const file = this.info?.files[0];
    if (!file) throw new Error('Please check update first');
    const response = await fetch(new URL(file.url, this.feedUrl));
    if (!response.ok) throw new Error(`Cannot download "${file.url}", status ${response.status}`);
    const data = Buffer.from(await response.arrayBuffer());
    if (data.length !== file.size) throw new Error(`Size mismatch: expected ${file.size}, got ${data.length}`);
    const sha512 = createHash('sha512').update(data).digest('base64');
    if (sha512 !== file.sha512) throw new Error(`sha512 checksum mismatch, expected ${file.sha512}, got ${sha512}`);
    this.downloads.push(file.url);
    return [file.url];
  }

  quitAndInstall(silent?: boolean, runAfter?: boolean): void {
    this.installs.push({ silent, runAfter });
  }
}
