// The service definitions for systemd, launchd and Windows (WinSW), and what install/uninstall/status ask of the machine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { PassThrough } from 'node:stream';
import path from 'node:path';
import { launchdPlist, systemdUnit, winswXml, type ServiceSpec } from '../../bridge/service/definitions.js';
import { systemHost } from '../../bridge/service/host.js';
import { installService, serviceStatus, uninstallService, type ServiceHost } from '../../bridge/service/manager.js';
import { launchdPlatform, systemdPlatform, windowsPlatform, type Command } from '../../bridge/service/platforms.js';
import { makeTempDir } from '../support/temp-dir.js';

const linuxSpec: ServiceSpec = {
  runtime: process.execPath, cli: '/opt/Desk Bridge/resources/app.asar/dist/bridge/cli.js',
  dataDir: '/var/lib/deskbridge', logDir: '/var/log/deskbridge', electronAsNode: true,
};

/** Lines of one section of a unit file, as key=value pairs in order. */
function section(unit: string, name: string): Array<[string, string]> {
  const body = unit.split(/^\[/m).find((part) => part.startsWith(`${name}]`)) ?? '';
  return body.split('\n').slice(1).filter((line) => line && !line.startsWith('#'))
    .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]);
}

test('the systemd unit runs serve with its own user, state and log directories, restarts on failure', () => {
  const unit = systemdUnit(linuxSpec);
  const service = section(unit, 'Service');
  const value = (key: string) => service.filter(([name]) => name === key).map(([, found]) => found);
  assert.deepEqual(value('ExecStart'), [`${process.execPath} "/opt/Desk Bridge/resources/app.asar/dist/bridge/cli.js" serve --data-dir /var/lib/deskbridge`]);
  assert.deepEqual(value('DynamicUser'), ['yes']);
  assert.deepEqual(value('StateDirectory'), ['deskbridge']);
  assert.deepEqual(value('LogsDirectory'), ['deskbridge']);
  assert.deepEqual(value('Restart'), ['on-failure']);
  assert.deepEqual(value('Environment'), ['NODE_ENV=production', 'DESKBRIDGE_LOG_DIR=/var/log/deskbridge', 'ELECTRON_RUN_AS_NODE=1']);
  assert.deepEqual(section(unit, 'Install'), [['WantedBy', 'multi-user.target']]);
  assert.ok(!/MASTER_KEY/.test(unit), 'the service makes its own master key; the installer\'s is not passed on');
});

test('systemd itself accepts the unit (systemd-analyze verify), and refuses one whose runtime is missing', (t) => {
  if (spawnSync('systemd-analyze', ['--version']).status !== 0) {
    t.skip('systemd-analyze is not installed here: only the unit\'s text was checked');
    return;
  }
  const directory = makeTempDir();
  t.after(() => directory.remove());
  const good = path.join(directory.path, 'deskbridge.service');
  writeFileSync(good, systemdUnit({ ...linuxSpec, runtime: process.execPath }));
  assert.equal(execFileSync('systemd-analyze', ['verify', good], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }), '');
  const bad = path.join(directory.path, 'broken.service');
  writeFileSync(bad, systemdUnit({ ...linuxSpec, runtime: '/nonexistent/node' }));
  const refused = spawnSync('systemd-analyze', ['verify', bad], { encoding: 'utf8' });
  assert.match(refused.stderr, /nonexistent\/node/);
});

test('the launchd plist is a LaunchDaemon that starts at boot, restarts after a failure and logs in /Library/Logs', () => {
  const platform = launchdPlatform();
  const plist = launchdPlist({ runtime: '/Applications/Deskbridge.app/Contents/MacOS/Deskbridge', cli: '/Applications/Deskbridge.app/Contents/Resources/app.asar/dist/bridge/cli.js', dataDir: platform.dataDir, logDir: platform.logDir, electronAsNode: true });
  assert.match(plist, /<key>Label<\/key>\s*<string>com\.deskbridge\.bridge<\/string>/);
  const args = /<key>ProgramArguments<\/key>\s*<array>([\s\S]*?)<\/array>/.exec(plist)?.[1] ?? '';
  assert.deepEqual([...args.matchAll(/<string>(.*?)<\/string>/g)].map((match) => match[1]), [
    '/Applications/Deskbridge.app/Contents/MacOS/Deskbridge', '/Applications/Deskbridge.app/Contents/Resources/app.asar/dist/bridge/cli.js',
    'serve', '--data-dir', '/Library/Application Support/Deskbridge Service',
  ]);
  assert.match(plist, /<key>RunAtLoad<\/key>\s*<true\/>/);
  assert.match(plist, /<key>KeepAlive<\/key>\s*<dict>\s*<key>SuccessfulExit<\/key>\s*<false\/>/);
  assert.match(plist, /<key>StandardErrorPath<\/key>\s*<string>\/Library\/Logs\/Deskbridge\/stderr\.log<\/string>/);
  assert.match(plist, /<key>DESKBRIDGE_LOG_STDERR<\/key>\s*<string>off<\/string>/, 'nothing rotates stderr.log, so the log goes to rotated files only');
  assert.match(launchdPlist({ ...linuxSpec, dataDir: '/data/R&D <test>' }), /R&amp;D &lt;test&gt;/, 'paths are escaped');
});

test('the WinSW configuration runs the app\'s runtime as LocalService, restarts it, and rolls its logs', () => {
  const platform = windowsPlatform({ ProgramData: 'C:\\ProgramData' }, 'C:\\app\\winsw.exe');
  const xml = winswXml({ runtime: 'C:\\Program Files\\Deskbridge\\Deskbridge.exe', cli: 'C:\\Program Files\\Deskbridge\\resources\\app.asar\\dist\\bridge\\cli.js', dataDir: platform.dataDir, logDir: platform.logDir, electronAsNode: true });
  assert.match(xml, /<id>Deskbridge<\/id>/);
  assert.match(xml, /<executable>C:\\Program Files\\Deskbridge\\Deskbridge\.exe<\/executable>/);
  assert.match(xml, /<arguments>&quot;C:\\Program Files\\Deskbridge\\resources\\app\.asar\\dist\\bridge\\cli\.js&quot; serve --data-dir C:\\ProgramData\\Deskbridge<\/arguments>/);
  assert.match(xml, /<env name="ELECTRON_RUN_AS_NODE" value="1"\/>/);
  assert.match(xml, /<serviceaccount>\s*<domain>NT AUTHORITY<\/domain>\s*<user>LocalService<\/user>\s*<\/serviceaccount>/);
  assert.match(xml, /<onfailure action="restart" delay="5 sec"\/>/);
  assert.match(xml, /<logpath>C:\\ProgramData\\Deskbridge\\logs<\/logpath>/);
  assert.match(xml, /<log mode="roll-by-size">/);
});

/** A machine double: records files and commands, answers commands from a script. */
class FakeServiceHost implements ServiceHost {
  readonly commands: string[] = [];
  readonly files = new Map<string, string>();
  readonly removed: string[] = [];
  readonly directories: string[] = [];
  answers = new Map<string, { code: number; output: string }>();
  /** The admin's answer to "keep the data folder?"; undefined: nobody answers and the default stands. */
  keepData: boolean | undefined = true;
  asked: string[] = [];
  async run(command: Command) {
    const line = [command.program, ...command.args].join(' ');
    this.commands.push(line);
    return this.answers.get(line) ?? { code: 0, output: '' };
  }
  async writeFile(file: string, content: string) { this.files.set(file, content); }
  async copyFile(from: string, to: string) { this.files.set(to, `copy of ${from}`); }
  async makeDirectory(directory: string) { this.directories.push(directory); }
  async remove(file: string) { this.removed.push(file); this.files.delete(file); }
  async exists(file: string) { return this.files.has(file); }
  async confirm(question: string, fallback: boolean) { this.asked.push(question); return this.keepData ?? fallback; }
}

/** A host whose question nobody answers: it takes the default, as the real one does without a terminal. */
class UnattendedServiceHost extends FakeServiceHost {
  override keepData = undefined;
}

test('install writes the unit and enables it; uninstall keeps the data folder unless the admin says otherwise', async () => {
  const platform = systemdPlatform();
  const host = new FakeServiceHost();
  const installed = await installService(platform, linuxSpec, host);
  assert.equal(installed.dataDir, '/var/lib/deskbridge');
  assert.match(host.files.get('/etc/systemd/system/deskbridge.service') ?? '', /ExecStart=/);
  assert.deepEqual(host.commands, ['systemctl daemon-reload', 'systemctl enable --now deskbridge.service']);

  host.answers.set('systemctl show deskbridge.service --property=LoadState,ActiveState,SubState,MainPID,NRestarts', { code: 0, output: 'LoadState=loaded\nActiveState=active\nSubState=running\nMainPID=42\nNRestarts=0\n' });
  const status = await serviceStatus(platform, host);
  assert.deepEqual([status.installed, status.state, (status.detail as Record<string, string>).MainPID], [true, 'active', '42']);

  const kept = await uninstallService(platform, linuxSpec, host);
  assert.match(host.asked[0] ?? '', /Keep the data folder \/var\/lib\/deskbridge \(profile, master key, stored secrets, request log\)\? \[Y\/n\]/);
  assert.equal(kept.dataKept, true);
  assert.deepEqual(host.removed, ['/etc/systemd/system/deskbridge.service'], 'only the unit is removed');
  assert.deepEqual(host.commands.slice(-2), ['systemctl disable --now deskbridge.service', 'systemctl daemon-reload']);
  assert.equal((await serviceStatus(platform, host)).state, 'not_installed');

  host.removed.length = 0;
  host.keepData = false;
  const removed = await uninstallService(platform, linuxSpec, host);
  assert.equal(removed.dataKept, false);
  assert.ok(host.removed.includes('/var/lib/private/deskbridge') && host.removed.includes('/var/lib/deskbridge'), 'the DynamicUser data folder goes too');
  host.removed.length = 0;
  await uninstallService(platform, linuxSpec, host, false);
  assert.deepEqual(host.removed, ['/etc/systemd/system/deskbridge.service'], '--keep-data does not ask and keeps it');
});

test('Windows install grants the data folder to the service account, copies WinSW beside its configuration and starts it', async () => {
  const platform = windowsPlatform({ ProgramData: 'D:\\PD' }, 'C:\\app\\node_modules\\node-windows\\bin\\winsw\\winsw.exe');
  const host = new FakeServiceHost();
  await installService(platform, { ...linuxSpec, dataDir: platform.dataDir, logDir: platform.logDir }, host);
  assert.deepEqual(host.directories, ['D:\\PD\\Deskbridge', 'D:\\PD\\Deskbridge\\service', 'D:\\PD\\Deskbridge\\logs']);
  assert.match(host.commands[0] ?? '', /^icacls D:\\PD\\Deskbridge \/inheritance:r \/grant:r NT AUTHORITY\\LocalService:\(OI\)\(CI\)F/);
  assert.equal(host.files.get('D:\\PD\\Deskbridge\\service\\deskbridge-service.exe'), 'copy of C:\\app\\node_modules\\node-windows\\bin\\winsw\\winsw.exe');
  assert.deepEqual(host.commands.slice(1), ['D:\\PD\\Deskbridge\\service\\deskbridge-service.exe install', 'sc.exe config Deskbridge start= delayed-auto', 'sc.exe start Deskbridge']);
  host.answers.set('sc.exe query Deskbridge', { code: 0, output: 'SERVICE_NAME: Deskbridge\n        STATE              : 4  RUNNING\n' });
  assert.equal((await serviceStatus(platform, host)).state, 'running');
});

test('a service manager that refuses is a clear error naming the command and its output', async () => {
  const host = new FakeServiceHost();
  host.answers.set('launchctl bootstrap system /Library/LaunchDaemons/com.deskbridge.bridge.plist', { code: 5, output: 'Bootstrap failed: 5: Input/output error' });
  await assert.rejects(installService(launchdPlatform(), linuxSpec, host), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'service_failed');
    assert.match(error.message, /"launchctl bootstrap system .*" failed \(exit 5\): Bootstrap failed: 5: Input\/output error/);
    return true;
  });
});

test('a service the desktop app installs gets a fixed admin port and its token hash on all three platforms', () => {
  const hash = 'cd'.repeat(32);
  const spec: ServiceSpec = { ...linuxSpec, adminPort: 28780, adminTokenSha256: hash };
  const tail = ['--admin-port', '28780', '--admin-token-sha256', hash];
  assert.match(systemdUnit(spec), new RegExp(`^ExecStart=.* serve --data-dir /var/lib/deskbridge ${tail.join(' ')}$`, 'm'));
  const plistArgs = /<key>ProgramArguments<\/key>\s*<array>([\s\S]*?)<\/array>/.exec(launchdPlist(spec))?.[1] ?? '';
  assert.deepEqual([...plistArgs.matchAll(/<string>(.*?)<\/string>/g)].map((match) => match[1]).slice(-4), tail);
  assert.match(winswXml(spec), new RegExp(`<arguments>.* serve --data-dir /var/lib/deskbridge ${tail.join(' ')}</arguments>`));
  assert.doesNotMatch(systemdUnit(linuxSpec), /--admin-port|--admin-token-sha256/, 'a service installed from the command line keeps any free port');
});

test('the moved integration is written once the data folder is private, before the service first starts', async () => {
  const platform = windowsPlatform({ ProgramData: 'D:\\PD' }, 'C:\\winsw.exe');
  const host = new FakeServiceHost();
  const order: string[] = [];
  const report = await installService(platform, { ...linuxSpec, dataDir: platform.dataDir, logDir: platform.logDir }, host, async () => {
    order.push(`filled after ${host.commands.length} command(s): ${host.commands.join(', ').slice(0, 6)}`);
    return { imported: ['crm'] };
  });
  assert.deepEqual(order, ['filled after 1 command(s): icacls']);
  assert.deepEqual(host.commands.slice(1), ['D:\\PD\\Deskbridge\\service\\deskbridge-service.exe install', 'sc.exe config Deskbridge start= delayed-auto', 'sc.exe start Deskbridge']);
  assert.deepEqual(report.imported, ['crm']);
});

test('on Windows a user without administrator rights, who cannot see the service folder, still learns it is installed', async () => {
  const platform = windowsPlatform({ ProgramData: 'D:\\PD' }, 'C:\\winsw.exe');
  const host = new FakeServiceHost();
  host.answers.set('sc.exe query Deskbridge', { code: 0, output: 'SERVICE_NAME: Deskbridge\n        STATE              : 1  STOPPED\n' });
  assert.deepEqual([(await serviceStatus(platform, host)).installed, (await serviceStatus(platform, host)).state], [true, 'stopped']);
  host.answers.set('sc.exe query Deskbridge', { code: 1060, output: '[SC] EnumQueryServicesStatus:OpenService FAILED 1060:\n\nThe specified service does not exist as an installed service.\n' });
  assert.deepEqual([(await serviceStatus(platform, host)).installed, (await serviceStatus(platform, host)).state], [false, 'not_installed']);
});

/** The configuration keys the WinSW that node-windows ships reads: the UTF-16 strings of the .NET program. */
function keysWinswReads(): Set<string> {
  const exe = path.join(path.dirname(createRequire(import.meta.url).resolve('node-windows/package.json')), 'bin', 'winsw', 'winsw.exe');
  const binary = readFileSync(exe);
  const words = new Set<string>();
  for (const start of [0, 1]) {
    const text = binary.subarray(start, binary.length - ((binary.length - start) % 2)).toString('utf16le');
    for (const word of text.split(/[^\x20-\x7e]+/)) words.add(word.replace(/^\/\//, ''));
  }
  return words;
}

test('every element and attribute of the WinSW configuration is one the bundled WinSW reads (an unknown one is ignored)', () => {
  const xml = winswXml({ ...linuxSpec, adminPort: 28780 });
  const elements = [...xml.matchAll(/<([a-zA-Z]+)[\s/>]/g)].map((match) => match[1] ?? '').filter((name) => name !== 'service');
  const attributes = [...xml.matchAll(/\s([a-zA-Z]+)="/g)].map((match) => match[1] ?? '');
  const known = keysWinswReads();
  assert.ok(known.has('serviceaccount') && known.has('onfailure'), 'the keys are found in winsw.exe');
  const unknown = [...new Set([...elements, ...attributes])].filter((name) => !known.has(name));
  assert.deepEqual(unknown, [], 'WinSW 1.x reads the account from <domain> and <user>: a <username> left the service on LocalSystem');
});

test('on Windows a runtime in a user\'s own folder (an install "only for me") is refused before anything is installed', async () => {
  const env = { ProgramData: 'C:\\ProgramData', PUBLIC: 'C:\\Users\\Public', USERPROFILE: 'C:\\Users\\office' };
  const platform = windowsPlatform(env, 'C:\\winsw.exe');
  const perUser = 'C:\\Users\\office\\AppData\\Local\\Programs\\Deskbridge';
  const host = new FakeServiceHost();
  const spec = { ...linuxSpec, runtime: `${perUser}\\Deskbridge.exe`, cli: `${perUser}\\resources\\app.asar\\dist\\bridge\\cli.js`, dataDir: platform.dataDir, logDir: platform.logDir };
  await assert.rejects(installService(platform, spec, host), (error: Error & { code?: string }) => {
    assert.equal(error.code, 'service_failed');
    assert.match(error.message, /LocalService\) cannot read C:\\Users\\office\\AppData\\Local\\Programs\\Deskbridge\\Deskbridge\.exe/);
    assert.match(error.message, /for all users/);
    return true;
  });
  assert.deepEqual([host.commands, host.directories, [...host.files.keys()]], [[], [], []], 'nothing was changed');
  // Another administrator's profile, as an elevated prompt may run under, is a user's folder too; Public is not.
  assert.ok(platform.refusal({ ...spec, runtime: 'c:\\users\\admin\\AppData\\Local\\Programs\\Deskbridge\\Deskbridge.exe' }));
  for (const machineWide of ['C:\\Program Files\\Deskbridge', 'D:\\Apps\\Deskbridge', 'C:\\Users\\Public\\Deskbridge']) {
    assert.equal(platform.refusal({ ...spec, runtime: `${machineWide}\\Deskbridge.exe`, cli: `${machineWide}\\resources\\app.asar\\dist\\bridge\\cli.js` }), undefined, machineWide);
  }
});

test('uninstalling with nobody to answer (no terminal, the elevated prompt) keeps the data folder', async () => {
  const host = new UnattendedServiceHost();
  const kept = await uninstallService(systemdPlatform(), linuxSpec, host);
  assert.equal(host.asked.length, 1);
  assert.equal(kept.dataKept, true);
  assert.deepEqual(host.removed, ['/etc/systemd/system/deskbridge.service'], 'only the unit is removed');

  // The real host: without a terminal it does not read at all and gives the default; at a terminal, Enter takes it too.
  const output = new PassThrough();
  let asked = '';
  output.on('data', (chunk: Buffer) => { asked += chunk.toString(); });
  assert.equal(await systemHost({ input: new PassThrough(), output }).confirm('Keep? [Y/n] ', true), true);
  assert.equal(await systemHost({ input: new PassThrough(), output }).confirm('Keep? [y/N] ', false), false);
  assert.equal(asked, '', 'nothing is asked where nobody can answer');
  const terminal = Object.assign(new PassThrough(), { isTTY: true });
  const answer = systemHost({ input: terminal, output }).confirm('Keep? [Y/n] ', true);
  terminal.write('\n');
  assert.equal(await answer, true);
  const typed = Object.assign(new PassThrough(), { isTTY: true });
  const removing = systemHost({ input: typed, output }).confirm('Keep? [Y/n] ', true);
  typed.write('n\n');
  assert.equal(await removing, false);
  assert.match(asked, /Keep\? \[Y\/n\]/);
});
