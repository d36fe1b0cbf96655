// Starts the update policy in a packaged app: electron-updater against the server electron-builder.yml's `publish` names.
import type { AppUpdater } from 'electron-updater';
import type { Clock } from './clock.js';
import type { ShellSettings } from './shell-settings.js';
import { UpdatePolicy, type InstallWhen, type UpdateState } from './update-policy.js';

/** "restart" or "HH:MM" from the shell settings. */
export function installWhenFrom(setting: ShellSettings['updateInstallAt']): InstallWhen {
  if (setting === 'restart') return { kind: 'on_restart' };
  const [hour = 0, minute = 0] = setting.split(':').map(Number);
  return { kind: 'at_time', hour, minute };
}

export interface UpdatesOptions {
  updater: AppUpdater;
  clock: Clock;
  currentVersion: string;
  settings: ShellSettings;
  /** Calls the bridge is answering now, from its admin API; undefined when it does not answer. */
  callsInFlight(): Promise<number | undefined>;
  log(state: UpdateState): void;
}

export function startUpdates(options: UpdatesOptions): UpdatePolicy {
  const policy = new UpdatePolicy({
    updater: options.updater, clock: options.clock, currentVersion: options.currentVersion,
    installWhen: installWhenFrom(options.settings.updateInstallAt),
    callsInFlight: options.callsInFlight,
    onState: options.log,
  });
  policy.start();
  return policy;
}
