// The tunnel's public surface: the supervisor, its status types, the providers and the event log.
export { createTunnelSupervisor, type TunnelSupervisor, type TunnelSupervisorOptions } from './supervisor.js';
export { createProvider, type ResolveSecret } from './providers.js';
export { createTunnelEventLog, type TunnelEventLog } from './events.js';
export { probeUrl, classifyResponse, type ProbeResult } from './probe.js';
export { fingerprintOf, hostKeyMatches } from './ssh.js';
export type { TunnelProvider, TunnelSession, TunnelState, TunnelStatus, TunnelTransition } from './types.js';
