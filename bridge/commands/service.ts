// `deskbridge service install|uninstall|status|print`: the headless bridge as a service of the operating system.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { BridgeError } from '../errors.js';
import { defaultProfilePath } from '../paths.js';
import { launchdPlist, systemdUnit, winswXml, type ServiceSpec } from '../service/definitions.js';
import { systemHost } from '../service/host.js';
import { installService, serviceStatus, uninstallService } from '../service/manager.js';
import { launchdPlatform, systemdPlatform, windowsPlatform, type ServicePlatform } from '../service/platforms.js';
import { importBundleText, readBundleFile, readPassphrase } from './bundle.js';
import { parsePort, parseTokenSha256 } from './options.js';
import { emit, note } from './output.js';

type Os = 'linux' | 'darwin' | 'win32';

/** The compiled cli.js (from sources, the repository's dist/: a service runs the built bridge, never tsx). */
export function compiledCli(): string {
  const here = fileURLToPath(import.meta.url);
  return here.endsWith('.ts') ? path.resolve(path.dirname(here), '..', '..', 'dist', 'bridge', 'cli.js') : path.resolve(path.dirname(here), '..', 'cli.js');
}

/** WinSW's executable as node-windows ships it. */
function winswPath(): string {
  return path.join(path.dirname(createRequire(import.meta.url).resolve('node-windows/package.json')), 'bin', 'winsw', 'winsw.exe');
}

export function platformFor(os: Os, env: NodeJS.ProcessEnv = process.env): ServicePlatform {
  if (os === 'linux') return systemdPlatform();
  if (os === 'darwin') return launchdPlatform();
  return windowsPlatform(env, winswPath());
}

export function specFor(platform: ServicePlatform, runtime = process.execPath, cli = compiledCli()): ServiceSpec {
  return { runtime, cli, dataDir: platform.dataDir, logDir: platform.logDir, electronAsNode: Boolean(process.versions.electron) };
}

function checkCanManage(os: Os): void {
  if (os !== 'win32' && process.getuid?.() !== 0) {
    throw new BridgeError('service_failed', 'Registering a service needs administrator rights: run it again with sudo (sudo deskbridge service …).');
  }
  if (os === 'linux' && !existsSync('/run/systemd/system')) {
    throw new BridgeError('service_failed', 'This system is not running systemd (/run/systemd/system is missing). "deskbridge service print" shows the unit; run "deskbridge serve --data-dir DIR" from your init system instead.');
  }
}

/** `--import FILE --passphrase-file FILE`: the desktop app's integration, moved into the service's data folder before it starts. */
export async function importIntoService(platform: ServicePlatform, file: string, passphraseFile: string): Promise<Record<string, unknown>> {
  const profilePath = defaultProfilePath(platform.dataDir);
  if (existsSync(profilePath)) {
    throw new BridgeError('invalid_argument', `The service's data folder ${platform.dataDir} already holds an integration (kept from an earlier service). Install without moving this computer's integration, or delete that folder first.`);
  }
  const text = await readBundleFile(file);
  const result = await importBundleText(text, await readPassphrase(passphraseFile), { dataDir: platform.dataDir, profilePath, replace: false });
  return { imported: result.integrations, secrets: result.secrets, apiKeys: result.apiKeys };
}

const SERVICE_FLAGS = {
  'remove-data': { type: 'boolean' }, 'keep-data': { type: 'boolean' }, platform: { type: 'string' }, runtime: { type: 'string' }, cli: { type: 'string' },
  'admin-port': { type: 'string' }, 'admin-token-sha256': { type: 'string' }, import: { type: 'string' }, 'passphrase-file': { type: 'string' },
} as const;

export async function service(args: string[]): Promise<number> {
  const [action, ...rest] = args;
  const { values } = parseArgs({ args: rest, options: SERVICE_FLAGS });
  const os = (values.platform ?? process.platform) as Os;
  if (!['linux', 'darwin', 'win32'].includes(os)) throw new BridgeError('invalid_argument', '--platform must be linux, darwin or win32.');
  if (values.platform && action !== 'print') throw new BridgeError('invalid_argument', '--platform only goes with "service print": a service is installed for the system it runs on.');
  if (values.import && (action !== 'install' || !values['passphrase-file'])) {
    throw new BridgeError('invalid_argument', '--import goes with "service install" and needs --passphrase-file FILE (the bundle\'s passphrase on its first line).');
  }
  if (values['remove-data'] && values['keep-data']) throw new BridgeError('invalid_argument', 'Give --remove-data or --keep-data, not both.');
  const platform = platformFor(os);
  const spec: ServiceSpec = {
    ...specFor(platform, values.runtime && path.resolve(values.runtime), values.cli && path.resolve(values.cli)),
    adminPort: parsePort(values['admin-port'], 'admin-port'),
    adminTokenSha256: parseTokenSha256(values['admin-token-sha256']),
  };
  const host = systemHost();
  switch (action) {
    case 'print': {
      const definition = os === 'linux' ? systemdUnit(spec) : os === 'darwin' ? launchdPlist(spec) : winswXml(spec);
      process.stdout.write(definition);
      return 0;
    }
    case 'install': {
      checkCanManage(os);
      if (!existsSync(spec.cli)) throw new BridgeError('service_failed', `The bridge is not built: ${spec.cli} is missing. Run "npm run build" first.`);
      const bundle = values.import && path.resolve(values.import);
      const passphraseFile = values['passphrase-file'] ?? '';
      const fillData = bundle ? () => importIntoService(platform, bundle, passphraseFile) : undefined;
      emit({ event: 'service', ...await installService(platform, spec, host, fillData) });
      note(`Deskbridge runs as a service now. Its data folder is ${platform.dataDir}; the admin URL is in the first line it logged (${platform.logDir}${os === 'linux' ? ', or journalctl -u deskbridge' : ''}).`);
      return 0;
    }
    case 'uninstall': {
      checkCanManage(os);
      const removeData = values['remove-data'] ? true : values['keep-data'] ? false : undefined;
      const result = await uninstallService(platform, spec, host, removeData);
      emit({ event: 'service', ...result });
      note(result.dataKept ? `The service is removed. Its data folder stays at ${platform.dataDir} (delete it yourself when no longer needed).` : 'The service and its data folder are removed.');
      return 0;
    }
    case 'status':
      emit({ event: 'service', ...await serviceStatus(platform, host) });
      return 0;
    default:
      throw new BridgeError('invalid_argument', 'Use "service install", "service uninstall [--keep-data|--remove-data]", "service status" or "service print [--platform linux|darwin|win32]".');
  }
}
