// Runs a real OpenSSH server (Debian's openssh-server) on a high loopback port with its own keys and config.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freeLoopbackPort } from './localtunnel-relay.js';
import { makeTempDir } from './temp-dir.js';

const SSHD = '/usr/sbin/sshd';
const SSH_KEYGEN = '/usr/bin/ssh-keygen';

/** Why the SSH tests cannot run here, or undefined when they can. */
export function sshdUnavailableReason(): string | undefined {
  if (!existsSync(SSHD)) return `${SSHD} is not installed (Debian package openssh-server)`;
  if (!existsSync(SSH_KEYGEN)) return `${SSH_KEYGEN} is not installed (Debian package openssh-client)`;
  return undefined;
}

export interface SshServer {
  port: number;
  user: string;
  /** The client's private key (OpenSSH format) that authorized_keys accepts. */
  clientKey: string;
  /** The host key's fingerprint, as `ssh-keygen -lf` prints it. */
  hostFingerprint: string;
  /** A fingerprint of another key, for the refused-host-key case. */
  otherFingerprint: string;
  /** A private key (OpenSSH format) that authorized_keys does not hold, for the refused-login case. */
  unknownClientKey: string;
  /** Kills the server and every connection it serves (a crash or a reboot of the server). */
  kill(): Promise<void>;
  /** Starts it again on the same port with the same host key. */
  start(): Promise<void>;
  remove(): Promise<void>;
}

function generateKey(file: string): void {
  const result = spawnSync(SSH_KEYGEN, ['-q', '-t', 'ed25519', '-N', '', '-C', 'deskbridge-test', '-f', file]);
  if (result.status !== 0) throw new Error(`ssh-keygen failed: ${result.stderr.toString()}`);
}

function fingerprint(publicKeyFile: string): string {
  const output = spawnSync(SSH_KEYGEN, ['-l', '-E', 'sha256', '-f', publicKeyFile]).stdout.toString();
  const match = /SHA256:[A-Za-z0-9+/]+/.exec(output);
  if (!match) throw new Error(`no fingerprint in "${output}"`);
  return match[0];
}

function writeConfig(directory: string, port: number): string {
  const file = path.join(directory, 'sshd_config');
  writeFileSync(file, [
    `Port ${port}`, 'ListenAddress 127.0.0.1', `HostKey ${path.join(directory, 'host_key')}`, 'PidFile none',
    `AuthorizedKeysFile ${path.join(directory, 'authorized_keys')}`, 'StrictModes no', 'UsePAM no',
    'PubkeyAuthentication yes', 'PasswordAuthentication no', 'KbdInteractiveAuthentication no', 'PermitRootLogin prohibit-password',
    'AllowTcpForwarding remote', 'GatewayPorts no', 'X11Forwarding no', 'AllowAgentForwarding no', 'PermitTTY no',
    'ClientAliveInterval 5', 'LogLevel INFO', '',
  ].join('\n'));
  return file;
}

export async function startSshServer(): Promise<SshServer> {
  const directory = makeTempDir('deskbridge-sshd-');
  for (const name of ['host_key', 'other_host_key', 'client_key']) generateKey(path.join(directory.path, name));
  writeFileSync(path.join(directory.path, 'authorized_keys'), readFileSync(path.join(directory.path, 'client_key.pub')));
  // Run as root, sshd insists on its privilege separation directory, which the Debian service normally creates.
  if (process.getuid?.() === 0 && !existsSync('/run/sshd')) mkdirSync('/run/sshd', { mode: 0o755 });
  const port = await freeLoopbackPort();
  const config = writeConfig(directory.path, port);
  let child: ChildProcess | undefined;
  const server: SshServer = {
    port,
    user: os.userInfo().username,
    clientKey: readFileSync(path.join(directory.path, 'client_key'), 'utf8'),
    hostFingerprint: fingerprint(path.join(directory.path, 'host_key.pub')),
    otherFingerprint: fingerprint(path.join(directory.path, 'other_host_key.pub')),
    unknownClientKey: readFileSync(path.join(directory.path, 'other_host_key'), 'utf8'),
    async start() { child = await spawnSshd(config); },
    async kill() {
      const running = child;
      child = undefined;
      if (running?.pid === undefined || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      // Each connection is served by a child that sshd detaches into its own session; kill those too.
      for (const pid of descendantsOf(running.pid)) killQuietly(pid);
      running.kill('SIGKILL');
      await exited;
    },
    async remove() {
      await server.kill();
      directory.remove();
    },
  };
  await server.start();
  return server;
}

/** Starts sshd in the foreground and resolves once it says it listens. */
function spawnSshd(config: string): Promise<ChildProcess> {
  const child = spawn(SSHD, ['-D', '-e', '-f', config], { stdio: ['ignore', 'ignore', 'pipe'] });
  return new Promise((resolve, reject) => {
    let output = '';
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`sshd did not start within 10 s: ${output}`)); }, 10_000);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
      if (/Server listening on/.test(output)) { clearTimeout(timer); resolve(child); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`sshd exited (${code}) at start: ${output}`)); });
  });
}

function descendantsOf(root: number): number[] {
  const parents = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      parents.set(Number(entry), parent);
    } catch {
      // the process ended while we looked
    }
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    const current = queue.shift()!;
    for (const [pid, parent] of parents) if (parent === current) { found.push(pid); queue.push(pid); }
  }
  return found;
}

function killQuietly(pid: number): void {
  try { process.kill(pid, 'SIGKILL'); } catch { /* already gone */ }
}
