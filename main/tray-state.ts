// What the tray shows, derived from the bridge's events and status: pure functions, no Electron.
import type { BridgeStatus } from './admin-client.js';
import type { BridgePhase, SupervisorEvent } from './bridge-supervisor.js';

export type TrayColour = 'online' | 'degraded' | 'offline';

/** "app": the app runs the bridge while the user is logged in; "service": the operating system runs it. */
export type RunMode = 'app' | 'service';

/** Everything the shell knows about the bridge, folded from events and status polls. */
export interface BridgeSnapshot {
  phase: BridgePhase;
  tunnelState: string | undefined;
  databaseState: string | undefined;
  publicUrl: string | null;
  lastError: string | undefined;
  runMode: RunMode;
  /** A switch between the modes is under way. */
  switching: boolean;
}

/** What the tray icon, tooltip and menu show. */
export interface TrayView {
  colour: TrayColour;
  tooltip: string;
  publicUrl: string | null;
  tunnelPaused: boolean;
  /** Pause/Resume is offered only while the bridge runs. */
  canToggleTunnel: boolean;
  runMode: RunMode;
  switching: boolean;
}

export const INITIAL_SNAPSHOT: BridgeSnapshot = {
  phase: 'stopped', tunnelState: undefined, databaseState: undefined, publicUrl: null, lastError: undefined, runMode: 'app', switching: false,
};

const HEALTHY_DATABASE = new Set(['ok', 'online', 'connected', 'ready', 'up']);
const UNCONFIGURED_DATABASE = new Set(['unconfigured', 'not_configured', 'none']);

/** Folds one supervisor event into the snapshot. */
export function applyEvent(snapshot: BridgeSnapshot, event: SupervisorEvent): BridgeSnapshot {
  switch (event.event) {
    case 'phase':
      return event.phase === 'running'
        ? { ...snapshot, phase: event.phase, lastError: undefined }
        : { ...snapshot, phase: event.phase, tunnelState: undefined, databaseState: undefined };
    case 'ready':
      return { ...snapshot, publicUrl: event.publicUrl };
    case 'tunnel':
      return { ...snapshot, tunnelState: event.state, publicUrl: event.url === undefined ? snapshot.publicUrl : event.url };
    case 'alert':
      return event.code === 'db_unavailable' ? { ...snapshot, databaseState: 'unavailable' } : snapshot;
    case 'error':
      return { ...snapshot, lastError: event.message };
    case 'exit':
      return snapshot;
  }
}

/** Folds a `GET /api/status` answer into the snapshot. */
export function applyStatus(snapshot: BridgeSnapshot, status: BridgeStatus): BridgeSnapshot {
  return {
    ...snapshot,
    databaseState: status.database.state,
    tunnelState: status.tunnel.state,
    publicUrl: status.tunnel.url === undefined ? snapshot.publicUrl : status.tunnel.url,
  };
}

function describeStoppedBridge(snapshot: BridgeSnapshot): string {
  const suffix = snapshot.lastError ? ` (${snapshot.lastError})` : '';
  if (snapshot.switching) return snapshot.runMode === 'app' ? 'Switching to the service…' : 'Switching back to running while you are logged in…';
  if (snapshot.runMode === 'service') {
    if (snapshot.phase === 'restarting') return `The service is down${suffix}`;
    return snapshot.phase === 'starting' ? `Connecting to the service…${suffix}` : `Not connected to the service${suffix}`;
  }
  switch (snapshot.phase) {
    case 'starting': return `Starting the bridge…${suffix}`;
    case 'restarting': return `The bridge stopped; restarting it…${suffix}`;
    case 'stopping': return 'Stopping the bridge…';
    default: return `The bridge is not running${suffix}`;
  }
}

function describeDatabase(state: string | undefined): string | undefined {
  if (state === undefined || HEALTHY_DATABASE.has(state)) return undefined;
  if (UNCONFIGURED_DATABASE.has(state)) return 'No database set up yet';
  return 'The database is unreachable';
}

function describeTunnel(state: string | undefined): { colour: TrayColour; text: string } {
  switch (state) {
    case 'online': return { colour: 'online', text: 'Talkdesk can reach this computer' };
    case 'connecting': return { colour: 'degraded', text: 'Connecting the tunnel…' };
    case 'degraded': return { colour: 'degraded', text: 'The tunnel is unstable' };
    case 'stopped': return { colour: 'degraded', text: 'Tunnel paused: Talkdesk cannot reach this computer' };
    case 'offline': return { colour: 'offline', text: 'Tunnel offline: Talkdesk cannot reach this computer' };
    case 'not_configured': return { colour: 'degraded', text: 'No tunnel set up: Talkdesk cannot reach this computer yet' };
    default: return { colour: 'degraded', text: 'Waiting for the tunnel…' };
  }
}

/** Derives the tray's colour, tooltip and menu state. */
export function deriveTrayView(snapshot: BridgeSnapshot): TrayView {
  const base = { publicUrl: snapshot.publicUrl, tunnelPaused: snapshot.tunnelState === 'stopped', runMode: snapshot.runMode, switching: snapshot.switching };
  const name = snapshot.runMode === 'service' ? 'Deskbridge (running as a service)' : 'Deskbridge';
  if (snapshot.phase !== 'running') {
    return { ...base, colour: 'offline', tooltip: `${name}: ${describeStoppedBridge(snapshot)}`, canToggleTunnel: false };
  }
  const tunnel = describeTunnel(snapshot.tunnelState);
  const database = describeDatabase(snapshot.databaseState);
  const colour: TrayColour = database && tunnel.colour === 'online' ? 'degraded' : tunnel.colour;
  const text = database ? `${database}; ${tunnel.text.charAt(0).toLowerCase()}${tunnel.text.slice(1)}` : tunnel.text;
  // Without a configured tunnel there is nothing to pause (the admin API answers 409).
  const canToggleTunnel = snapshot.tunnelState !== undefined && snapshot.tunnelState !== 'not_configured';
  return { ...base, colour, tooltip: `${name}: ${text}`, canToggleTunnel };
}
