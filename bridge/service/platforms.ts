// Where each operating system keeps a service's definition, data and logs, and the commands that register it.
import path from 'node:path';
import { LAUNCHD_LABEL, SERVICE_NAME, WINDOWS_SERVICE_ID, launchdPlist, systemdUnit, winswXml, type ServiceSpec } from './definitions.js';

/** One command the service manager is given (run without a shell). */
export interface Command { program: string; args: string[]; /** A failure is expected and harmless (stopping what is not running). */ mayFail?: boolean }

/** A file the installation writes. */
export interface ServiceFile { path: string; content: string | { copyFrom: string }; mode: number }

/** How one platform installs, removes and reports the service. */
export interface ServicePlatform {
  name: 'systemd' | 'launchd' | 'windows';
  /** The service's own data directory and where its logs go. */
  dataDir: string;
  logDir: string;
  /** The definition file, shown by `status`. */
  definitionPath: string;
  files(spec: ServiceSpec): ServiceFile[];
  /** Run after the files are written. */
  install: Command[];
  /** Run before the files are removed. */
  uninstall: Command[];
  status: Command;
  /** Folders made at install, owner-only (systemd makes its own). */
  directories: string[];
  /** Extra commands after the directories exist (Windows grants the service account its folder). */
  prepare: Command[];
  /** Why the service could not run this runtime and cli.js, if so (checked before anything is installed). */
  refusal(spec: ServiceSpec): string | undefined;
}

/**
 * Whether FILE is in a user's profile folder (C:\Users\NAME\…), which only that user, SYSTEM and administrators may
 * read: not the service's LocalService account. The profiles folder is the parent of the shared Public profile (or of
 * the caller's own: an elevated prompt may run as another administrator, whose profile sits beside it).
 */
export function insideUserProfiles(file: string, env: NodeJS.ProcessEnv): boolean {
  const profile = env.PUBLIC ?? env.USERPROFILE;
  const profiles = profile ? path.win32.dirname(profile) : 'C:\\Users';
  const relative = path.win32.relative(profiles, file);
  const [first] = relative.split('\\');
  return Boolean(relative) && !relative.startsWith('..') && !path.win32.isAbsolute(relative) && first?.toLowerCase() !== 'public';
}

export function systemdPlatform(): ServicePlatform {
  const unit = `/etc/systemd/system/${SERVICE_NAME}.service`;
  return {
    name: 'systemd', dataDir: `/var/lib/${SERVICE_NAME}`, logDir: `/var/log/${SERVICE_NAME}`, definitionPath: unit,
    files: (spec) => [{ path: unit, content: systemdUnit(spec), mode: 0o644 }],
    directories: [], prepare: [], refusal: () => undefined,
    install: [
      { program: 'systemctl', args: ['daemon-reload'] },
      { program: 'systemctl', args: ['enable', '--now', `${SERVICE_NAME}.service`] },
    ],
    uninstall: [{ program: 'systemctl', args: ['disable', '--now', `${SERVICE_NAME}.service`], mayFail: true }],
    status: { program: 'systemctl', args: ['show', `${SERVICE_NAME}.service`, '--property=LoadState,ActiveState,SubState,MainPID,NRestarts'] },
  };
}

export function launchdPlatform(): ServicePlatform {
  const plist = `/Library/LaunchDaemons/${LAUNCHD_LABEL}.plist`;
  const logDir = '/Library/Logs/Deskbridge';
  return {
    name: 'launchd', dataDir: '/Library/Application Support/Deskbridge Service', logDir, definitionPath: plist,
    files: (spec) => [{ path: plist, content: launchdPlist(spec), mode: 0o644 }],
    directories: ['/Library/Application Support/Deskbridge Service', logDir], prepare: [], refusal: () => undefined,
    install: [{ program: 'launchctl', args: ['bootstrap', 'system', plist] }],
    uninstall: [{ program: 'launchctl', args: ['bootout', `system/${LAUNCHD_LABEL}`], mayFail: true }],
    status: { program: 'launchctl', args: ['print', `system/${LAUNCHD_LABEL}`] },
  };
}

export function windowsPlatform(env: NodeJS.ProcessEnv, winsw: string): ServicePlatform {
  const programData = env.ProgramData ?? env.PROGRAMDATA ?? 'C:\\ProgramData';
  const dataDir = path.win32.join(programData, 'Deskbridge');
  const serviceDir = path.win32.join(dataDir, 'service');
  const wrapper = path.win32.join(serviceDir, 'deskbridge-service.exe');
  const config = path.win32.join(serviceDir, 'deskbridge-service.xml');
  return {
    name: 'windows', dataDir, logDir: path.win32.join(dataDir, 'logs'), definitionPath: config,
    files: (spec) => [
      { path: wrapper, content: { copyFrom: winsw }, mode: 0o755 },
      { path: `${wrapper}.config`, content: { copyFrom: `${winsw}.config` }, mode: 0o644 },
      { path: config, content: winswXml(spec), mode: 0o644 },
    ],
    directories: [dataDir, serviceDir, path.win32.join(dataDir, 'logs')],
    // Only the service account (LocalService), SYSTEM and administrators may read the data folder.
    prepare: [{ program: 'icacls', args: [dataDir, '/inheritance:r', '/grant:r', 'NT AUTHORITY\\LocalService:(OI)(CI)F', 'NT AUTHORITY\\SYSTEM:(OI)(CI)F', 'BUILTIN\\Administrators:(OI)(CI)F'] }],
    refusal: (spec) => {
      const unreadable = [spec.runtime, spec.cli].find((file) => insideUserProfiles(file, env));
      return unreadable && `The service's account (LocalService) cannot read ${unreadable}: it is in a user's own folder (a Deskbridge installed "only for me", or npm's per-user global folder). `
        + 'Install Deskbridge again for all users (the installer asks; it needs administrator rights) and install the service from that copy.';
    },
    install: [
      { program: wrapper, args: ['install'] },
      // A delayed start, after the other automatic services at boot (the network among them): this WinSW cannot ask for it.
      { program: 'sc.exe', args: ['config', WINDOWS_SERVICE_ID, 'start=', 'delayed-auto'] },
      { program: 'sc.exe', args: ['start', WINDOWS_SERVICE_ID] },
    ],
    uninstall: [{ program: 'sc.exe', args: ['stop', WINDOWS_SERVICE_ID], mayFail: true }, { program: wrapper, args: ['uninstall'], mayFail: true }],
    status: { program: 'sc.exe', args: ['query', WINDOWS_SERVICE_ID] },
  };
}
