// The shell's own preferences (start at login, setup done, hints shown), a small JSON file in the user-data folder.
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

const settingsSchema = z.object({
  /** The user's explicit choice; absent until they make one. */
  startAtLogin: z.boolean().optional(),
  setupFinished: z.boolean().default(false),
  closeHintShown: z.boolean().default(false),
  /** When a downloaded update is installed: "restart" (the next start of the app) or a local time "HH:MM". */
  updateInstallAt: z.union([z.literal('restart'), z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/)]).default('restart'),
  /** "app": the app runs the bridge while the user is logged in; "service": it attaches to the installed service. */
  runMode: z.enum(['app', 'service']).default('app'),
  /** How to reach the service this app installed: its admin port and the app's token, sealed by the OS keychain. */
  service: z.object({ adminPort: z.number().int().min(1).max(65535), sealedToken: z.string().min(1) }).optional(),
});

export type ShellSettings = z.infer<typeof settingsSchema>;

export const SHELL_SETTINGS_FILE = 'shell-settings.json';

/** Reads the settings; a missing or damaged file yields the defaults (they are preferences, not data). */
export async function readShellSettings(userDataDir: string): Promise<ShellSettings> {
  try {
    const text = await fs.readFile(path.join(userDataDir, SHELL_SETTINGS_FILE), 'utf8');
    const parsed = settingsSchema.safeParse(JSON.parse(text));
    if (parsed.success) return parsed.data;
  } catch {
    // fall through to the defaults
  }
  return settingsSchema.parse({});
}

/** Writes the settings atomically (temp file + rename). */
export async function writeShellSettings(userDataDir: string, settings: ShellSettings): Promise<void> {
  const file = path.join(userDataDir, SHELL_SETTINGS_FILE);
  const temporary = `${file}.${process.pid}.tmp`;
  await fs.mkdir(userDataDir, { recursive: true });
  await fs.writeFile(temporary, `${JSON.stringify(settings, null, 2)}\n`);
  await fs.rename(temporary, file);
}
