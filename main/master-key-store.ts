// Keeps the secrets' master key encrypted by the OS keychain (Electron safeStorage) in the user-data folder.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import type { SafeStorage } from 'electron';

export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

/** The key as the bridge takes it (DESKBRIDGE_MASTER_KEY), or why the shell refuses to provide one. */
export type MasterKeyResult =
  | { ok: true; keyHex: string; created: boolean; source: 'keychain' | 'environment' }
  | { ok: false; code: 'keychain_unavailable' | 'keychain_unreadable'; message: string };

export const MASTER_KEY_FILE = 'master-key.enc';

/**
 * A key the operator already put in DESKBRIDGE_MASTER_KEY (a managed machine, a test) is used as given:
 * they chose where it lives, and the shell stores nothing in clear. It must be 64 hex characters.
 */
export function acceptProvidedKey(value: string): MasterKeyResult {
  const keyHex = value.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(keyHex)) {
    return { ok: false, code: 'keychain_unreadable', message: 'DESKBRIDGE_MASTER_KEY must be 64 hexadecimal characters.' };
  }
  return { ok: true, keyHex, created: false, source: 'environment' };
}

/**
 * Says why safeStorage cannot protect the key, or undefined when it can. On Linux without a secret
 * service, Electron "encrypts" with a hard-coded password (backend `basic_text`): that is clear text
 * in disguise, so it counts as unavailable.
 */
export function explainKeychainGap(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string | undefined {
  if (!safeStorage.isEncryptionAvailable()) {
    return 'The operating system offers no keychain to protect Deskbridge\'s secrets.';
  }
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') {
      return 'No secret service (GNOME Keyring, KWallet) is running, so secrets could only be stored in clear.';
    }
  }
  return undefined;
}

async function readBlob(file: string): Promise<Buffer | undefined> {
  try {
    return await fs.readFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function writeOwnerOnly(file: string, data: Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.writeFile(temporary, data, { mode: 0o600 });
  await fs.rename(temporary, file);
}

/**
 * Returns the master key, creating and storing it (encrypted) on first use. Never falls back to clear
 * text, and never replaces a key it cannot decrypt: that would orphan every stored secret.
 */
export async function loadMasterKey(options: {
  safeStorage: SafeStorageLike;
  platform: NodeJS.Platform;
  userDataDir: string;
}): Promise<MasterKeyResult> {
  const gap = explainKeychainGap(options.safeStorage, options.platform);
  if (gap) return { ok: false, code: 'keychain_unavailable', message: gap };
  const file = path.join(options.userDataDir, MASTER_KEY_FILE);
  const blob = await readBlob(file);
  if (blob) {
    let keyHex: string;
    try {
      keyHex = options.safeStorage.decryptString(blob);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      return { ok: false, code: 'keychain_unreadable', message: `The keychain could not decrypt ${file}: ${reason}` };
    }
    if (!/^[0-9a-f]{64}$/.test(keyHex)) {
      return { ok: false, code: 'keychain_unreadable', message: `${file} does not hold a Deskbridge key.` };
    }
    return { ok: true, keyHex, created: false, source: 'keychain' };
  }
  const keyHex = randomBytes(32).toString('hex');
  await writeOwnerOnly(file, options.safeStorage.encryptString(keyHex));
  return { ok: true, keyHex, created: true, source: 'keychain' };
}
