// `deskbridge service install|uninstall|status`: writes the platform's definition, asks its service manager, reports.
import { BridgeError } from '../errors.js';
import type { ServiceSpec } from './definitions.js';
import type { Command, ServicePlatform } from './platforms.js';

/** What the manager does to the machine; the real one touches the file system and runs programs, tests pass a double. */
export interface ServiceHost {
  run(command: Command): Promise<{ code: number; output: string }>;
  writeFile(file: string, content: string, mode: number): Promise<void>;
  copyFile(from: string, to: string): Promise<void>;
  makeDirectory(directory: string): Promise<void>;
  remove(file: string): Promise<void>;
  exists(file: string): Promise<boolean>;
  /** Asks a yes/no question; resolves with the default when nobody can answer. */
  confirm(question: string, fallback: boolean): Promise<boolean>;
}

export interface ServiceReport { platform: ServicePlatform['name']; definition: string; dataDir: string; logDir: string; [more: string]: unknown }

async function runAll(host: ServiceHost, commands: Command[]): Promise<void> {
  for (const command of commands) {
    const { code, output } = await host.run(command);
    if (code !== 0 && !command.mayFail) {
      throw new BridgeError('service_failed', `"${[command.program, ...command.args].join(' ')}" failed (exit ${code}): ${output.trim().slice(0, 500) || 'no output'}`);
    }
  }
}

function report(platform: ServicePlatform): ServiceReport {
  return { platform: platform.name, definition: platform.definitionPath, dataDir: platform.dataDir, logDir: platform.logDir };
}

/** Registers and starts the service; `fillData` runs once its data folder is private and before it first starts. */
export async function installService(platform: ServicePlatform, spec: ServiceSpec, host: ServiceHost, fillData?: () => Promise<Record<string, unknown>>): Promise<ServiceReport> {
  const refusal = platform.refusal(spec);
  if (refusal) throw new BridgeError('service_failed', refusal);
  for (const directory of platform.directories) await host.makeDirectory(directory);
  await runAll(host, platform.prepare);
  const filled = fillData ? await fillData() : {};
  for (const file of platform.files(spec)) {
    if (typeof file.content === 'string') await host.writeFile(file.path, file.content, file.mode);
    else await host.copyFile(file.content.copyFrom, file.path);
  }
  await runAll(host, platform.install);
  return { ...report(platform), installed: true, ...filled };
}

/** Stops and removes the service; the data folder (keys, secrets, request log) stays unless the admin says otherwise. */
export async function uninstallService(platform: ServicePlatform, spec: ServiceSpec, host: ServiceHost, removeData?: boolean): Promise<ServiceReport> {
  await runAll(host, platform.uninstall);
  for (const file of platform.files(spec)) await host.remove(file.path);
  if (platform.name === 'systemd') await runAll(host, [{ program: 'systemctl', args: ['daemon-reload'], mayFail: true }]);
  const remove = removeData ?? !await host.confirm(
    `Keep the data folder ${platform.dataDir} (profile, master key, stored secrets, request log)? [Y/n] `, true);
  if (remove) {
    for (const directory of dataLocations(platform)) await host.remove(directory);
  }
  return { ...report(platform), installed: false, dataKept: !remove };
}

/** A DynamicUser's state directory lives under /var/lib/private, with /var/lib/NAME a link to it. */
function dataLocations(platform: ServicePlatform): string[] {
  if (platform.name !== 'systemd') return [platform.dataDir, platform.logDir];
  const name = platform.dataDir.replace(/^\/var\/lib\//, '');
  return [platform.dataDir, `/var/lib/private/${name}`, platform.logDir, `/var/log/private/${name}`];
}

export async function serviceStatus(platform: ServicePlatform, host: ServiceHost): Promise<ServiceReport> {
  // A user without administrator rights cannot see into the Windows service's folder: there, ask the service manager.
  const visible = await host.exists(platform.definitionPath);
  if (!visible && platform.name !== 'windows') return { ...report(platform), installed: false, state: 'not_installed' };
  const { code, output } = await host.run(platform.status);
  if (!visible && code !== 0) return { ...report(platform), installed: false, state: 'not_installed' };
  const installed = true;
  let state = code === 0 ? 'unknown' : 'not_loaded';
  if (platform.name === 'systemd') {
    const fields = Object.fromEntries(output.split('\n').filter((line) => line.includes('=')).map((line) => line.split(/=(.*)/s).slice(0, 2)));
    state = fields.ActiveState ?? state;
    return { ...report(platform), installed, state, detail: fields };
  }
  if (platform.name === 'launchd') state = /state = (\w+)/.exec(output)?.[1] ?? state;
  if (platform.name === 'windows') state = /STATE\s+:\s+\d+\s+(\w+)/.exec(output)?.[1]?.toLowerCase() ?? state;
  return { ...report(platform), installed, state, detail: output.trim().slice(0, 2000) };
}
