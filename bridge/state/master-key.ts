// The master key that encrypts secrets: from the desktop app (OS keychain), an environment variable or a key file.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { BridgeError } from '../errors.js';

export const MASTER_KEY_ENV = 'DESKBRIDGE_MASTER_KEY';
const KEY_FILE = 'master.key';

function decodeKey(text: string, origin: string): Buffer {
  const trimmed = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) throw new BridgeError('secrets_locked', `${origin} must hold 32 bytes (64 hex characters or base64).`);
  return key;
}

/**
 * Returns the 32-byte master key. The environment variable wins (the desktop app sets it from safeStorage);
 * headless, the key file in the data directory is used, created owner-only on first use and refused when
 * other users can read it. There is never a plaintext fallback.
 */
export async function resolveMasterKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Promise<Buffer> {
  const fromEnv = env[MASTER_KEY_ENV];
  if (fromEnv) return decodeKey(fromEnv, MASTER_KEY_ENV);
  const file = path.join(dataDir, KEY_FILE);
  try {
    const stat = await fs.stat(file);
    if (process.platform !== 'win32' && (stat.mode & 0o077) !== 0) {
      throw new BridgeError('secrets_locked', `${file} is readable by other users; run "chmod 600 ${file}" and start again.`);
    }
    return decodeKey(await fs.readFile(file, 'utf8'), file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await fs.mkdir(dataDir, { recursive: true, mode: 0o700 });
  const key = randomBytes(32);
  // 'wx' fails if another process created the file meanwhile; then read theirs.
  try {
    await fs.writeFile(file, key.toString('hex'), { mode: 0o600, flag: 'wx' });
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return decodeKey(await fs.readFile(file, 'utf8'), file);
    throw error;
  }
}
