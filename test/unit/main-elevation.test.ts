// Administrator rights through each platform's own prompt: the command lines, and a refused prompt told from a failure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  classifyElevation, createElevationRunner, elevatedCommandLine, PKEXEC_DISMISSED, WINDOWS_CANCELLED, type ElevatedCommand, type PlainCommand,
} from '../../main/elevation.js';

const install: ElevatedCommand = {
  program: '/opt/Desk Bridge/deskbridge',
  args: ['/opt/Desk Bridge/resources/app.asar/dist/bridge/cli.js', 'service', 'install', '--admin-port', '28780'],
  env: { ELECTRON_RUN_AS_NODE: '1' },
};

test('Linux asks through pkexec, which keeps no environment: env sets the runtime switch', () => {
  const line = elevatedCommandLine('linux', install, '/tmp/report');
  assert.deepEqual(line, { program: 'pkexec', args: ['/usr/bin/env', 'ELECTRON_RUN_AS_NODE=1', ...[install.program, ...install.args]] });
});

/** The shell line inside macOS's `do shell script "…"`, unescaped as AppleScript reads it. */
function appleScriptShellLine(script: string): string {
  const quoted = /^do shell script "((?:[^"\\]|\\.)*)" with prompt "(?:[^"\\]|\\.)*" with administrator privileges$/.exec(script)?.[1];
  assert.ok(quoted !== undefined, `not the expected AppleScript: ${script}`);
  return quoted.replace(/\\(.)/g, '$1');
}

test('macOS asks through its administrator prompt; quotes, spaces and backslashes reach the program unchanged', () => {
  const line = elevatedCommandLine('darwin', install, '/tmp/report');
  assert.equal(line.program, 'osascript');
  assert.equal(line.args[0], '-e');
  const shellLine = appleScriptShellLine(line.args[1] ?? '');
  assert.equal(shellLine, `ELECTRON_RUN_AS_NODE='1' '/opt/Desk Bridge/deskbridge' '/opt/Desk Bridge/resources/app.asar/dist/bridge/cli.js' 'service' 'install' '--admin-port' '28780' 2>&1`);
  // The same quoting, run by a real shell: every argument arrives as one word, as given.
  const awkward = elevatedCommandLine('darwin', { program: '/usr/bin/printf', args: ['%s|', "it's", 'a "b" c\\d', '$HOME'], env: { LANG: "C'x" } }, '/tmp/report');
  assert.equal(execFileSync('/bin/sh', ['-c', appleScriptShellLine(awkward.args[1] ?? '')], { encoding: 'utf8' }), `it's|a "b" c\\d|$HOME|`);
});

/** The script PowerShell runs elevated, decoded from the outer command's -EncodedCommand. */
function innerPowerShell(line: PlainCommand): string {
  const outer = line.args.at(-1) ?? '';
  const encoded = /'-EncodedCommand','([A-Za-z0-9+/=]+)'/.exec(outer)?.[1];
  assert.ok(encoded, `no encoded command in ${outer}`);
  return Buffer.from(encoded, 'base64').toString('utf16le');
}

test('Windows asks through UAC (Start-Process -Verb RunAs -Wait), reports a refusal as 1223 and keeps the output in a file', () => {
  const command: ElevatedCommand = {
    program: 'C:\\Program Files\\Deskbridge\\Deskbridge.exe',
    args: ['C:\\Program Files\\Deskbridge\\resources\\app.asar\\dist\\bridge\\cli.js', 'service', 'uninstall', "--keep-data", "O'Brien"],
    env: { ELECTRON_RUN_AS_NODE: '1' },
  };
  const line = elevatedCommandLine('win32', command, 'C:\\Users\\office\\AppData\\Local\\Temp\\deskbridge-elevated-x\\output.txt');
  assert.equal(line.program, 'powershell.exe');
  assert.deepEqual(line.args.slice(0, 3), ['-NoProfile', '-NonInteractive', '-Command']);
  const outer = line.args[3] ?? '';
  assert.match(outer, /Start-Process -FilePath 'powershell\.exe' .* -Verb RunAs -Wait -PassThru/);
  assert.match(outer, /exit \$p\.ExitCode/);
  assert.match(outer, new RegExp(`NativeErrorCode -eq ${WINDOWS_CANCELLED}\\) \\{ exit ${WINDOWS_CANCELLED} \\}`));
  assert.equal(innerPowerShell(line), "$env:ELECTRON_RUN_AS_NODE = '1'; "
    + "& 'C:\\Program Files\\Deskbridge\\Deskbridge.exe' 'C:\\Program Files\\Deskbridge\\resources\\app.asar\\dist\\bridge\\cli.js' 'service' 'uninstall' '--keep-data' 'O''Brien' "
    + "2>&1 | Out-File -FilePath 'C:\\Users\\office\\AppData\\Local\\Temp\\deskbridge-elevated-x\\output.txt' -Encoding utf8; exit $LASTEXITCODE");
  assert.throws(() => elevatedCommandLine('freebsd', command, 'x'), /cannot ask for administrator rights on freebsd/);
});

test('a closed or refused prompt is "cancelled", anything else that did not exit 0 is "failed"', () => {
  assert.equal(classifyElevation('linux', 0, ''), 'done');
  assert.equal(classifyElevation('linux', PKEXEC_DISMISSED, ''), 'cancelled');
  assert.equal(classifyElevation('linux', 127, 'Not authorized'), 'failed');
  assert.equal(classifyElevation('linux', 1, '{"event":"error"}'), 'failed');
  assert.equal(classifyElevation('darwin', 1, '0:233: execution error: User canceled. (-128)'), 'cancelled');
  assert.equal(classifyElevation('darwin', 1, 'execution error: deskbridge: failed (1)'), 'failed');
  assert.equal(classifyElevation('win32', WINDOWS_CANCELLED, ''), 'cancelled');
  assert.equal(classifyElevation('win32', 1, ''), 'failed');
  assert.equal(classifyElevation('win32', PKEXEC_DISMISSED, ''), 'failed', 'each platform has its own signal');
});

test('the runner reads what the elevated Windows side wrote, and leaves no report file behind', async () => {
  let reportFile = '';
  const runner = createElevationRunner('win32', async (command) => {
    reportFile = /-FilePath '([^']+)'/.exec(innerPowerShell(command))?.[1] ?? '';
    writeFileSync(reportFile, 'deskbridge: Registering a service failed\n');
    return { code: 1, output: '' };
  });
  const result = await runner.run(install);
  assert.deepEqual(result, { outcome: 'failed', output: 'deskbridge: Registering a service failed' });
  assert.ok(path.isAbsolute(reportFile));
  assert.equal(existsSync(path.dirname(reportFile)), false, 'the report folder is removed');
  const cancelled = await createElevationRunner('linux', async () => ({ code: PKEXEC_DISMISSED, output: 'Error executing command as another user: Request dismissed' })).run(install);
  assert.equal(cancelled.outcome, 'cancelled');
});
