// `deskbridge service`: prints the definitions, refuses clearly where it cannot register, and really installs where systemd runs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { runCli } from '../support/cli.js';

const systemdRuns = existsSync('/run/systemd/system');

test('service print shows the definition for each platform', async () => {
  const linux = await runCli(['service', 'print', '--platform', 'linux']);
  assert.equal(linux.code, 0);
  assert.match(linux.stdout, /^ExecStart=\S+ \S+cli\.js serve --data-dir \/var\/lib\/deskbridge$/m);
  assert.match((await runCli(['service', 'print', '--platform', 'darwin'])).stdout, /<string>com\.deskbridge\.bridge<\/string>/);
  assert.match((await runCli(['service', 'print', '--platform', 'win32'])).stdout, /<id>Deskbridge<\/id>/);
  const wrong = await runCli(['service', 'install', '--platform', 'win32']);
  assert.equal(wrong.code, 2);
  assert.match(wrong.lines[0].message, /--platform only goes with "service print"/);
});

test('service print and serve take the desktop app\'s fixed admin port and token hash; bad values are refused in words', async () => {
  const hash = 'ab'.repeat(32);
  const linux = await runCli(['service', 'print', '--platform', 'linux', '--admin-port', '28780', '--admin-token-sha256', hash]);
  assert.match(linux.stdout, new RegExp(`^ExecStart=\\S+ \\S+cli\\.js serve --data-dir /var/lib/deskbridge --admin-port 28780 --admin-token-sha256 ${hash}$`, 'm'));
  const badHash = await runCli(['serve', '--admin-token-sha256', 'not-a-hash']);
  assert.equal(badHash.code, 2);
  assert.match(badHash.lines[0].message, /--admin-token-sha256 must be 64 hexadecimal characters/);
  const noPassphrase = await runCli(['service', 'install', '--import', 'office.bundle']);
  assert.equal(noPassphrase.code, 2);
  assert.match(noPassphrase.lines[0].message, /--import goes with "service install" and needs --passphrase-file FILE/);
});

test('service install says why it cannot register where systemd is not running or rights are missing', { skip: systemdRuns && process.getuid?.() === 0 ? 'systemd runs here with root rights: the real installation test covers it' : false }, async () => {
  const result = await runCli(['service', 'install']);
  assert.equal(result.code, 1);
  assert.equal(result.lines[0].code, 'service_failed');
  assert.match(result.lines[0].message, process.getuid?.() === 0 ? /not running systemd/ : /administrator rights: run it again with sudo/);
  const status = await runCli(['service', 'status']);
  assert.equal(status.code, 0);
  assert.equal(status.lines[0].installed, false);
});

test('service install and uninstall with the real systemd', { skip: systemdRuns && process.getuid?.() === 0 ? false : 'systemd is not running here (no /run/systemd/system, or not root): the unit is checked with systemd-analyze verify instead' }, async () => {
  const installed = await runCli(['service', 'install']);
  assert.equal(installed.code, 0, installed.stderr);
  const status = await runCli(['service', 'status']);
  assert.equal(status.lines[0].installed, true);
  assert.match(status.lines[0].state, /^(active|activating)$/);
  const removed = await runCli(['service', 'uninstall', '--keep-data']);
  assert.equal(removed.code, 0, removed.stderr);
  assert.equal(removed.lines[0].dataKept, true);
  assert.equal((await runCli(['service', 'status'])).lines[0].installed, false);
});
