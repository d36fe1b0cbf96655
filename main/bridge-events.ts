// Reads the bridge's stdout protocol (bridge/contract/events.ts): one JSON event per line, parsed before it is trusted.
import { bridgeEventSchema, type BridgeEvent } from '../bridge/contract/events.js';

export { TUNNEL_STATES } from '../bridge/contract/events.js';
export type { AlertEvent, BridgeEvent, ReadyEvent, StartErrorEvent, TunnelEvent, TunnelState } from '../bridge/contract/events.js';

/**
 * Parses one stdout line. Returns undefined for lines that are not a known event (events the shell
 * does not use yet, or stray output), so a newer bridge never breaks an older shell.
 */
export function parseBridgeLine(line: string): BridgeEvent | undefined {
  const trimmed = line.trim();
  if (!trimmed.startsWith('{')) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(trimmed);
  } catch {
    return undefined;
  }
  const parsed = bridgeEventSchema.safeParse(value);
  return parsed.success ? parsed.data : undefined;
}
