// Full syncs started because Talkdesk's checkpoint could not be used: where the last one is kept, and its alert.

/** The last such restart of an integration, kept in the settings. */
export interface SyncRestart { at: string; reason: string }

/** How long the dashboard shows a restart: long enough to be seen the next working day. */
export const SYNC_RESTART_ALERT_MS = 24 * 60 * 60 * 1000;

export function syncRestartSetting(integration: string): string {
  return `sync.restarted.${integration}`;
}

/** The restart recorded in `stored`, when it is recent enough to show; anything unreadable is ignored. */
export function recentSyncRestart(stored: string | undefined, now: number): SyncRestart | undefined {
  if (!stored) return undefined;
  try {
    const restart = JSON.parse(stored) as Partial<SyncRestart>;
    if (typeof restart.at !== 'string' || typeof restart.reason !== 'string') return undefined;
    return now - Date.parse(restart.at) < SYNC_RESTART_ALERT_MS ? { at: restart.at, reason: restart.reason } : undefined;
  } catch {
    return undefined;
  }
}
