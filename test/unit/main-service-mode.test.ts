// Switching between the app's own bridge and the service: elevation, moving the integration, attach/detach, detection at start.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { BridgeCli, CliResult } from '../../main/bridge-cli.js';
import type { ElevatedCommand, ElevationResult, ElevationRunner } from '../../main/elevation.js';
import { openServiceAccess, sealServiceAccess, SERVICE_ADMIN_PORT, tokenSha256, type ServiceAccess } from '../../main/service-access.js';
import { ServiceMode, type ServicePrompts } from '../../main/service-mode.js';
import { dialogPrompts, type DialogLike } from '../../main/service-prompts.js';
import { serviceUnsupportedReason } from '../../main/service-support.js';
import type { ShellSettings } from '../../main/shell-settings.js';
import type { RunMode } from '../../main/tray-state.js';
import { FakeSafeStorage } from '../support/fake-electron.js';

/** The bundled CLI double: `service status` answers as the test says; `export` records its passphrase. */
class FakeCli implements BridgeCli {
  installed = false;
  statusFails = false;
  exportCode = 0;
  readonly runs: Array<{ args: string[]; input?: string }> = [];
  command(args: string[]): ElevatedCommand {
    return { program: '/opt/Deskbridge/deskbridge', args: ['/opt/Deskbridge/resources/app.asar/dist/bridge/cli.js', ...args], env: { ELECTRON_RUN_AS_NODE: '1' } };
  }
  async run(args: string[], input?: string): Promise<CliResult> {
    this.runs.push({ args, input });
    if (args[0] === 'service' && this.statusFails) return { code: 1, lines: [{ event: 'error', code: 'internal', message: 'boom' }], stderr: 'boom' };
    if (args[0] === 'service') return { code: 0, lines: [{ event: 'service', installed: this.installed }], stderr: '' };
    if (this.exportCode !== 0) return { code: this.exportCode, lines: [{ event: 'error', code: 'not_configured', message: 'There is no profile to export.' }], stderr: '' };
    return { code: 0, lines: [{ exported: args[args.indexOf('--out') + 1] }], stderr: '' };
  }
}

/** The elevation double: answers as the test says, and notes what the files it was given held while it ran. */
class FakeElevation implements ElevationRunner {
  result: ElevationResult = { outcome: 'done', output: '' };
  readonly commands: ElevatedCommand[] = [];
  passphraseSeen: { text: string; mode: number } | undefined;
  async run(command: ElevatedCommand): Promise<ElevationResult> {
    this.commands.push(command);
    const file = command.args[command.args.indexOf('--passphrase-file') + 1];
    if (command.args.includes('--passphrase-file') && file) this.passphraseSeen = { text: readFileSync(file, 'utf8').trim(), mode: statSync(file).mode & 0o777 };
    return this.result;
  }
}

function setUp(options: { installed?: boolean; serviceUnsupported?: string; settings?: Partial<ShellSettings>; answers?: { move?: 'move' | 'empty' | 'cancel'; keep?: 'keep' | 'remove' | 'cancel' } } = {}) {
  const safeStorage = new FakeSafeStorage();
  const settings: ShellSettings = { setupFinished: true, closeHintShown: false, updateInstallAt: 'restart', runMode: 'app', ...options.settings };
  const cli = new FakeCli();
  cli.installed = options.installed ?? false;
  const elevation = new FakeElevation();
  const steps: string[] = [];
  const told: Array<{ kind: string; title: string; message: string }> = [];
  const changes: Array<[RunMode, boolean]> = [];
  const attached: ServiceAccess[] = [];
  const workFolders: string[] = [];
  let portFree = true;
  const prompts: ServicePrompts = {
    askMoveIntegration: async () => { steps.push('asked move'); return options.answers?.move ?? 'move'; },
    askKeepData: async () => { steps.push('asked keep'); return options.answers?.keep ?? 'keep'; },
    tell: (kind, title, message) => told.push({ kind, title, message }),
  };
  const mode = new ServiceMode({
    cli, elevation, prompts, dataDir: '/home/office/.config/Deskbridge/data', serviceUnsupported: options.serviceUnsupported,
    supervisor: { start: () => steps.push('bridge started'), stop: async () => { steps.push('bridge stopped'); } },
    link: { attach: async (access) => { steps.push('attached'); attached.push(access); }, detach: () => steps.push('detached') },
    isPortFree: async () => portFree,
    onChange: (runMode, switching) => changes.push([runMode, switching]),
    makeWorkFolder: async () => {
      const folder = mkdtempSync(path.join(os.tmpdir(), 'deskbridge-move-test-'));
      workFolders.push(folder);
      return folder;
    },
    store: {
      runMode: () => settings.runMode,
      access: () => openServiceAccess(safeStorage, settings.service),
      save: async (runMode, access) => {
        steps.push(`saved ${runMode}`);
        settings.runMode = runMode;
        settings.service = access ? sealServiceAccess(safeStorage, access) : undefined;
      },
    },
  });
  return { mode, cli, elevation, steps, told, changes, attached, settings, safeStorage, workFolders, takePort: () => { portFree = false; } };
}

test('at start, with no service installed, the app runs its own bridge', async () => {
  const rig = setUp();
  await rig.mode.start();
  assert.deepEqual(rig.cli.runs.map((run) => run.args.join(' ')), ['service status']);
  assert.deepEqual(rig.steps, ['bridge started']);
  assert.equal(rig.mode.runMode, 'app');
});

test('at start, an installed service this app set up is attached to, and no second bridge starts', async () => {
  const access: ServiceAccess = { adminPort: SERVICE_ADMIN_PORT, token: 'lasting-token' };
  const rig = setUp({ installed: true });
  rig.settings.runMode = 'service';
  rig.settings.service = sealServiceAccess(rig.safeStorage, access);
  assert.doesNotMatch(JSON.stringify(rig.settings), /lasting-token/, 'the token is kept sealed');
  await rig.mode.start();
  assert.deepEqual(rig.steps, ['attached']);
  assert.deepEqual(rig.attached, [access]);
  assert.equal(rig.mode.runMode, 'service');
  assert.deepEqual(rig.changes.at(-1), ['service', false]);
});

test('at start, a service installed from the command line is not doubled, and the app says why it cannot open it', async () => {
  const rig = setUp({ installed: true });
  await rig.mode.start();
  assert.deepEqual(rig.steps, ['saved service']);
  assert.equal(rig.mode.runMode, 'service');
  assert.match(rig.told[0]?.message ?? '', /not by this app[\s\S]*deskbridge service uninstall --keep-data/);
});

test('at start, a status that cannot be read keeps the last choice: attached to the service, or the app\'s own bridge', async () => {
  const service = setUp({ settings: { runMode: 'service' } });
  service.settings.service = sealServiceAccess(service.safeStorage, { adminPort: SERVICE_ADMIN_PORT, token: 't' });
  service.cli.statusFails = true;
  await service.mode.start();
  assert.deepEqual(service.steps, ['attached']);
  const app = setUp();
  app.cli.statusFails = true;
  await app.mode.start();
  assert.deepEqual(app.steps, ['bridge started']);
});

test('at start, a service removed outside the app: back to the app\'s own bridge, with a word about it', async () => {
  const rig = setUp({ settings: { runMode: 'service' } });
  await rig.mode.start();
  assert.deepEqual(rig.steps, ['saved app', 'bridge started']);
  assert.match(rig.told[0]?.message ?? '', /removed outside this app/);
});

test('switching to a service moves the integration by bundle, installs elevated with the token\'s hash, then attaches', async () => {
  const rig = setUp();
  await rig.mode.start();
  await rig.mode.switchTo('service');
  assert.deepEqual(rig.steps, ['bridge started', 'asked move', 'saved service', 'bridge stopped', 'attached']);
  const exported = rig.cli.runs.find((run) => run.args[0] === 'export');
  assert.ok(exported);
  assert.deepEqual(exported.args.slice(0, 3), ['export', '--data-dir', '/home/office/.config/Deskbridge/data']);
  const [command] = rig.elevation.commands;
  assert.ok(command);
  const args = command.args.slice(1);
  const access = rig.attached[0];
  assert.ok(access);
  assert.deepEqual(args.slice(0, 6), ['service', 'install', '--admin-port', String(SERVICE_ADMIN_PORT), '--admin-token-sha256', tokenSha256(access.token)]);
  assert.ok(!command.args.some((arg) => arg.includes(access.token)), 'only the hash goes on the command line');
  assert.equal(args[args.indexOf('--import') + 1], exported.args[exported.args.indexOf('--out') + 1]);
  assert.deepEqual(rig.elevation.passphraseSeen, { text: exported.input, mode: 0o600 }, 'the install reads the export\'s passphrase from an owner-only file');
  assert.equal(existsSync(rig.workFolders[0] ?? '/'), false, 'the bundle and passphrase are removed after the install');
  assert.deepEqual(openServiceAccess(rig.safeStorage, rig.settings.service), access);
  assert.equal(rig.settings.runMode, 'service');
  assert.deepEqual(rig.changes, [['app', false], ['app', true], ['service', true], ['service', false]]);
});

test('an empty service: no export, no import; the prompt cancelled: nothing at all', async () => {
  const empty = setUp({ answers: { move: 'empty' } });
  await empty.mode.switchTo('service');
  assert.ok(!empty.cli.runs.some((run) => run.args[0] === 'export'));
  assert.ok(!empty.elevation.commands[0]?.args.includes('--import'));
  assert.equal(empty.mode.runMode, 'service');
  const cancelled = setUp({ answers: { move: 'cancel' } });
  await cancelled.mode.switchTo('service');
  assert.deepEqual(cancelled.elevation.commands, []);
  assert.deepEqual(cancelled.steps, ['asked move']);
});

for (const outcome of ['cancelled', 'failed'] as const) {
  test(`a ${outcome} elevation leaves everything as it was, with a plain message`, async () => {
    const rig = setUp();
    await rig.mode.start();
    rig.elevation.result = { outcome, output: outcome === 'failed' ? 'deskbridge: This system is not running systemd' : '' };
    await rig.mode.switchTo('service');
    assert.deepEqual(rig.steps, ['bridge started', 'asked move'], 'the app\'s bridge was never stopped, nothing was saved');
    assert.equal(rig.mode.runMode, 'app');
    assert.equal(rig.settings.service, undefined);
    assert.equal(existsSync(rig.workFolders[0] ?? '/'), false);
    const [message] = rig.told;
    assert.equal(message?.kind, outcome === 'cancelled' ? 'info' : 'error');
    assert.match(message?.message ?? '', outcome === 'cancelled' ? /Administrator rights were not given\. Nothing was changed/ : /Installing the service failed\. Nothing was changed[\s\S]*not running systemd/);
  });
}

test('an export that fails, or a taken admin port, stops the switch before any prompt for rights', async () => {
  const exportFails = setUp();
  exportFails.cli.exportCode = 1;
  await exportFails.mode.switchTo('service');
  assert.deepEqual(exportFails.elevation.commands, []);
  assert.match(exportFails.told[0]?.message ?? '', /could not export this computer's integration: There is no profile to export\. Nothing was changed/);
  const portTaken = setUp();
  portTaken.takePort();
  await portTaken.mode.switchTo('service');
  assert.deepEqual(portTaken.elevation.commands, []);
  assert.match(portTaken.told[0]?.message ?? '', new RegExp(`port ${SERVICE_ADMIN_PORT}`));
});

test('switching back uninstalls elevated (keeping the data folder by default), detaches and restarts the app\'s bridge', async () => {
  const rig = setUp({ installed: true, settings: { runMode: 'service' } });
  rig.settings.service = sealServiceAccess(rig.safeStorage, { adminPort: SERVICE_ADMIN_PORT, token: 't' });
  await rig.mode.start();
  await rig.mode.switchTo('app');
  assert.deepEqual(rig.elevation.commands.map((command) => command.args.slice(1)), [['service', 'uninstall', '--keep-data']]);
  assert.deepEqual(rig.steps, ['attached', 'asked keep', 'detached', 'saved app', 'bridge started']);
  assert.equal(rig.settings.service, undefined);
  const remove = setUp({ installed: true, answers: { keep: 'remove' } });
  await remove.mode.start();
  await remove.mode.switchTo('app');
  assert.deepEqual(remove.elevation.commands[0]?.args.slice(1), ['service', 'uninstall', '--remove-data']);
});

test('switching back, cancelled at the question or at the prompt for rights, stays attached to the service', async () => {
  const atQuestion = setUp({ installed: true, answers: { keep: 'cancel' } });
  await atQuestion.mode.start();
  await atQuestion.mode.switchTo('app');
  assert.deepEqual(atQuestion.elevation.commands, []);
  const atPrompt = setUp({ installed: true });
  await atPrompt.mode.start();
  atPrompt.elevation.result = { outcome: 'cancelled', output: '' };
  await atPrompt.mode.switchTo('app');
  assert.equal(atPrompt.mode.runMode, 'service');
  assert.ok(!atPrompt.steps.includes('detached') && !atPrompt.steps.includes('bridge started'));
  assert.match(atPrompt.told.at(-1)?.message ?? '', /Administrator rights were not given/);
});

test('an install that cannot run as a service (an AppImage) says why and asks nothing', async () => {
  const rig = setUp({ serviceUnsupported: 'This copy of Deskbridge is an AppImage.' });
  await rig.mode.start();
  await rig.mode.switchTo('service');
  assert.deepEqual(rig.steps, ['bridge started']);
  assert.deepEqual(rig.elevation.commands, []);
  assert.equal(rig.told[0]?.message, 'This copy of Deskbridge is an AppImage.');
});

test('the app refuses the switch from an AppImage or a Windows install "only for me", and allows it from a machine-wide one', () => {
  const windows = { PUBLIC: 'C:\\Users\\Public', USERPROFILE: 'C:\\Users\\office', LOCALAPPDATA: 'C:\\Users\\office\\AppData\\Local' };
  const perUser = serviceUnsupportedReason({ platform: 'win32', executable: 'C:\\Users\\office\\AppData\\Local\\Programs\\Deskbridge\\Deskbridge.exe', env: windows });
  assert.match(perUser ?? '', /installed for you only.*\(LocalService\) cannot read.*install it again for all users/s);
  assert.equal(serviceUnsupportedReason({ platform: 'win32', executable: 'C:\\Program Files\\Deskbridge\\Deskbridge.exe', env: windows }), undefined);
  assert.match(serviceUnsupportedReason({ platform: 'linux', executable: '/tmp/.mount_Deskbr/deskbridge', env: { APPIMAGE: '/home/office/Deskbridge.AppImage' } }) ?? '', /AppImage.*Install the \.deb package/);
  assert.equal(serviceUnsupportedReason({ platform: 'linux', executable: '/opt/Deskbridge/deskbridge', env: {} }), undefined);
});

test('a second switch while one is under way is ignored', async () => {
  const rig = setUp();
  await rig.mode.start();
  const first = rig.mode.switchTo('service');
  assert.equal(rig.mode.switching, true);
  await rig.mode.switchTo('service');
  await first;
  assert.equal(rig.elevation.commands.length, 1);
  assert.equal(rig.mode.switching, false);
});

test('the dialogs: moving and keeping the data folder are the defaults, the last button (and Escape) cancels', async () => {
  const asked: Array<{ buttons?: string[]; defaultId?: number; cancelId?: number; type?: string }> = [];
  let response = 0;
  const prompts = dialogPrompts({
    showMessageBox: (async (options: { buttons?: string[]; defaultId?: number; cancelId?: number; type?: string }) => {
      asked.push(options);
      return { response, checkboxChecked: false };
    }) as unknown as DialogLike['showMessageBox'],
  });
  assert.equal(await prompts.askMoveIntegration(), 'move');
  assert.equal(await prompts.askKeepData(), 'keep');
  assert.deepEqual(asked.map((options) => [options.buttons?.[options.defaultId ?? -1], options.buttons?.[options.cancelId ?? -1]]), [
    ['Move it to the service', 'Cancel'], ['Keep the data folder', 'Cancel'],
  ]);
  response = 2;
  assert.equal(await prompts.askKeepData(), 'cancel');
  response = 1;
  assert.equal(await prompts.askMoveIntegration(), 'empty');
  prompts.tell('error', 'Could not switch', 'Nothing was changed.');
  assert.equal(asked.at(-1)?.type, 'error');
});
