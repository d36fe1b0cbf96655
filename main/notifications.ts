// Desktop notifications for what needs a person: the tunnel URL changed, the database became unreachable, the service is down.
import type { Clock } from './clock.js';
import type { SupervisorEvent } from './bridge-supervisor.js';

/** The part of Electron's Notification the shell uses. */
export interface NotificationLike {
  on(event: 'click', listener: () => void): unknown;
  show(): void;
}

/** The part of the electron module notifications need. */
export interface NotificationElectron {
  Notification: {
    new (options: { title: string; body: string; icon?: string }): NotificationLike;
    isSupported(): boolean;
  };
}

export interface NotificationContent {
  /** Notifications with the same key are not repeated within the quiet period. */
  key: string;
  title: string;
  body: string;
}

/** The same notification is not repeated within this period (a flapping database would otherwise flood the desktop). */
export const QUIET_PERIOD_MS = 10 * 60_000;

/** Says what to notify for an event, if anything (pure). */
export function notificationFor(event: SupervisorEvent): NotificationContent | undefined {
  if (event.event === 'tunnel' && event.urlChanged && event.url) {
    return {
      key: `tunnel_url_changed:${event.url}`,
      title: 'The public URL changed',
      body: `Talkdesk must be given the new URL: ${event.url}. Open Deskbridge to copy the new configuration.`,
    };
  }
  if (event.event === 'error' && event.code === 'service_not_answering') {
    return {
      key: 'service_not_answering',
      title: 'The Deskbridge service is not answering',
      body: 'Talkdesk cannot reach this computer while it is down. An administrator can restart the Deskbridge service; its logs say why it stopped.',
    };
  }
  if (event.event !== 'alert') return undefined;
  if (event.code === 'tunnel_url_changed') {
    return { key: 'tunnel_url_changed', title: 'The public URL changed', body: event.message };
  }
  if (event.code === 'db_unavailable') {
    return { key: 'db_unavailable', title: 'The database is unreachable', body: event.message };
  }
  return undefined;
}

/** Shows notifications for bridge events, at most once per key per quiet period; a click opens the window. */
export class AlertNotifier {
  private readonly lastShown = new Map<string, number>();
  private lastUrlChangeAt = Number.NEGATIVE_INFINITY;

  constructor(
    private readonly electron: NotificationElectron,
    private readonly clock: Clock,
    private readonly options: { iconPath: string; onClick: () => void },
  ) {}

  handle(event: SupervisorEvent): void {
    const content = notificationFor(event);
    if (!content || !this.electron.Notification.isSupported()) return;
    const now = this.clock.now();
    const isUrlChange = content.key.startsWith('tunnel_url_changed');
    // The bridge may report one URL change both as a tunnel event and as an alert: show it once.
    if (isUrlChange && now - this.lastUrlChangeAt < 5000) return;
    const last = this.lastShown.get(content.key);
    if (last !== undefined && now - last < QUIET_PERIOD_MS) return;
    this.lastShown.set(content.key, now);
    if (isUrlChange) this.lastUrlChangeAt = now;
    const notification = new this.electron.Notification({ title: content.title, body: content.body, icon: this.options.iconPath });
    notification.on('click', () => this.options.onClick());
    notification.show();
  }
}
