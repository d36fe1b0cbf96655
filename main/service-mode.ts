// Switches between "run while I am logged in" (the app's own bridge) and "run as a service" (attached to the installed one).
import { randomBytes } from 'node:crypto';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BridgeCli } from './bridge-cli.js';
import type { ElevationRunner } from './elevation.js';
import { createServiceAccess, tokenSha256, type ServiceAccess } from './service-access.js';
import type { RunMode } from './tray-state.js';

/** The questions and messages of a switch; the shell shows them as dialogs, tests answer them. */
export interface ServicePrompts {
  /** Before installing: move this computer's integration into the service (same keys), start it empty, or stop. */
  askMoveIntegration(): Promise<'move' | 'empty' | 'cancel'>;
  /** Before uninstalling: keep the service's data folder (the default), remove it, or stop. */
  askKeepData(): Promise<'keep' | 'remove' | 'cancel'>;
  tell(kind: 'info' | 'error', title: string, message: string): void;
}

/** Where the choice and the key to the service are kept (the shell settings, the token sealed by the keychain). */
export interface RunModeStore {
  runMode(): RunMode;
  access(): ServiceAccess | undefined;
  save(runMode: RunMode, access: ServiceAccess | undefined): Promise<void>;
}

export interface ServiceModeOptions {
  cli: BridgeCli;
  elevation: ElevationRunner;
  /** The app's own bridge. */
  supervisor: { start(): void; stop(): Promise<void> };
  /** The link to the service's admin API. */
  link: { attach(access: ServiceAccess): Promise<void>; detach(): void };
  store: RunModeStore;
  prompts: ServicePrompts;
  /** The app's data folder (what "move" exports). */
  dataDir: string;
  /** Whether the service's admin port is free to take. */
  isPortFree(port: number): Promise<boolean>;
  onChange(runMode: RunMode, switching: boolean): void;
  /** Why this install cannot run as a service (an AppImage runs from a folder that is gone after it quits), if so. */
  serviceUnsupported?: string;
  /** Where the bundle goes for the elevated install to read (default: a new private folder in the temporary folder). */
  makeWorkFolder?: () => Promise<string>;
}

const NOTHING_CHANGED = 'Nothing was changed: Deskbridge goes on as before.';

function excerpt(output: string): string {
  const text = output.trim();
  return text ? `\n\nWhat the system said:\n${text.slice(-800)}` : '';
}

export class ServiceMode {
  private mode: RunMode = 'app';
  private busy = false;

  constructor(private readonly options: ServiceModeOptions) {}

  get runMode(): RunMode {
    return this.mode;
  }

  get switching(): boolean {
    return this.busy;
  }

  /** At start: attach to an installed service, or run the app's own bridge; never both on the same machine. */
  async start(): Promise<void> {
    const { cli, store, prompts } = this.options;
    const status = await cli.run(['service', 'status']);
    const report = status.code === 0 ? status.lines.find((line) => line.event === 'service') : undefined;
    // When the status cannot be read, the last choice stands: better a tray that says the service is down than two bridges.
    const installed = report ? report.installed === true : store.runMode() === 'service';
    if (installed) {
      this.setMode('service');
      const access = store.access();
      if (access) await this.options.link.attach(access);
      else prompts.tell('info', 'Deskbridge runs as a service', 'A Deskbridge service is installed on this computer, but not by this app, so the app cannot open its dashboard. '
        + 'To manage it from here, remove it ("deskbridge service uninstall --keep-data" as administrator) and choose Run Deskbridge → As a service in the tray.');
      if (store.runMode() !== 'service') await store.save('service', access);
      return;
    }
    if (store.runMode() === 'service') {
      await store.save('app', undefined);
      prompts.tell('info', 'The Deskbridge service is gone', 'The service was removed outside this app, so Deskbridge runs the bridge itself again while you are logged in.');
    }
    this.setMode('app');
    this.options.supervisor.start();
  }

  /** Switches to the other mode; a cancelled or failed step leaves everything as it was. */
  async switchTo(target: RunMode): Promise<void> {
    if (this.busy || target === this.mode) return;
    this.setBusy(true);
    try {
      if (target === 'service') await this.installService();
      else await this.uninstallService();
    } finally {
      this.setBusy(false);
    }
  }

  private async installService(): Promise<void> {
    const { prompts, elevation, cli, supervisor, link, store } = this.options;
    if (this.options.serviceUnsupported) {
      prompts.tell('info', 'Deskbridge cannot run as a service from here', this.options.serviceUnsupported);
      return;
    }
    const choice = await prompts.askMoveIntegration();
    if (choice === 'cancel') return;
    const access = createServiceAccess();
    if (!await this.options.isPortFree(access.adminPort)) {
      prompts.tell('error', 'Could not switch to a service', `Another program uses port ${access.adminPort} on this computer, where the service's admin page would listen. ${NOTHING_CHANGED}`);
      return;
    }
    const folder = await (this.options.makeWorkFolder ?? (() => fs.mkdtemp(path.join(os.tmpdir(), 'deskbridge-move-'))))();
    try {
      const args = ['service', 'install', '--admin-port', String(access.adminPort), '--admin-token-sha256', tokenSha256(access.token)];
      if (choice === 'move') {
        const moved = await this.exportIntegration(folder);
        if (!moved) return;
        args.push('--import', moved.bundle, '--passphrase-file', moved.passphraseFile);
      }
      const result = await elevation.run(cli.command(args));
      if (result.outcome !== 'done') {
        prompts.tell(result.outcome === 'cancelled' ? 'info' : 'error', 'Deskbridge did not switch to a service', result.outcome === 'cancelled'
          ? `Administrator rights were not given. ${NOTHING_CHANGED}`
          : `Installing the service failed. ${NOTHING_CHANGED}${excerpt(result.output)}`);
        return;
      }
      await store.save('service', access);
      await supervisor.stop();
      this.setMode('service');
      await link.attach(access);
    } finally {
      await fs.rm(folder, { recursive: true, force: true });
    }
  }

  /** Exports this computer's integration under a one-time passphrase; undefined (after saying why) when it cannot. */
  private async exportIntegration(folder: string): Promise<{ bundle: string; passphraseFile: string } | undefined> {
    const bundle = path.join(folder, 'integration.bundle');
    const passphraseFile = path.join(folder, 'passphrase.txt');
    const passphrase = randomBytes(24).toString('base64url');
    // Owner-only, and removed with its folder whatever happens: the elevated install reads it once.
    await fs.writeFile(passphraseFile, `${passphrase}\n`, { mode: 0o600 });
    const exported = await this.options.cli.run(['export', '--data-dir', this.options.dataDir, '--out', bundle], passphrase);
    if (exported.code === 0) return { bundle, passphraseFile };
    const reason = exported.lines.find((line) => line.event === 'error')?.message;
    this.options.prompts.tell('error', 'Could not move the integration', `Deskbridge could not export this computer's integration${typeof reason === 'string' ? `: ${reason}` : '.'} ${NOTHING_CHANGED}`);
    return undefined;
  }

  private async uninstallService(): Promise<void> {
    const { prompts, elevation, cli, supervisor, link, store } = this.options;
    const choice = await prompts.askKeepData();
    if (choice === 'cancel') return;
    const result = await elevation.run(cli.command(['service', 'uninstall', choice === 'keep' ? '--keep-data' : '--remove-data']));
    if (result.outcome !== 'done') {
      prompts.tell(result.outcome === 'cancelled' ? 'info' : 'error', 'Deskbridge still runs as a service', result.outcome === 'cancelled'
        ? `Administrator rights were not given. ${NOTHING_CHANGED}`
        : `Removing the service failed. ${NOTHING_CHANGED}${excerpt(result.output)}`);
      return;
    }
    link.detach();
    await store.save('app', undefined);
    this.setMode('app');
    supervisor.start();
  }

  private setMode(mode: RunMode): void {
    this.mode = mode;
    this.options.onChange(this.mode, this.busy);
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    this.options.onChange(this.mode, this.busy);
  }
}
