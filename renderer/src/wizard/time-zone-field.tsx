// The zone the database's zone-less dates are in: the field, and the zone a connection test proposes for it.
import type { Connection, ConnectionTestAnswer } from '../api/types.js';
import { TextField } from '../components/fields.js';
import { Notice } from '../components/feedback.js';

/** This computer's zone as the browser sees it: the UI runs on the bridge's computer, but the bridge's own answer wins. */
const BROWSER_ZONE = Intl.DateTimeFormat().resolvedOptions().timeZone || undefined;

/** Names of UTC itself: proposing one to a saved integration (which reads dates as UTC already) would change nothing. */
const UTC_NAMES = /^(Etc\/)?(UTC|UCT|GMT|Universal|Zulu)$/;

export interface ZoneProposal {
  zone: string;
  /** Whose zone it is: the database server's, or this computer's where the server names none (SQL Server, SQLite). */
  from: 'server' | 'machine';
  /** Put in the field (a new integration), or only offered (a saved one: its dates must not move behind the user's back). */
  applied: boolean;
}

/** After a successful test, the zone to propose; none when the connection names one already. */
export function proposeZone(answer: Extract<ConnectionTestAnswer, { ok: true }>, isNew: boolean): ZoneProposal | undefined {
  if (answer.connection.timeZone !== undefined) return undefined;
  const machine = answer.machineTimeZone ?? BROWSER_ZONE;
  const proposal = answer.serverTimeZone ? { zone: answer.serverTimeZone, from: 'server' as const }
    : machine ? { zone: machine, from: 'machine' as const } : undefined;
  if (!proposal || (!isNew && UTC_NAMES.test(proposal.zone))) return undefined;
  return { ...proposal, applied: isNew };
}

/** What the proposal was and where it came from; shown while the field still holds it (or, when offered, is still empty). */
export function ZoneProposalNotice({ proposal, connection, onUse }: { proposal: ZoneProposal; connection: Connection; onUse(zone: string): void }) {
  const whose = proposal.from === 'server' ? 'the database server\'s zone' : 'this computer\'s zone (the database server does not name one)';
  if (proposal.applied) {
    if (connection.timeZone !== proposal.zone) return null;
    return (
      <Notice kind="info">
        <span data-testid="zone-proposal">Time zone set to <strong>{proposal.zone}</strong>, {whose}: dates stored without a zone are read as local time there.
          If the database keeps them in another zone, just change the field above.</span>
      </Notice>
    );
  }
  if (connection.timeZone !== undefined) return null;
  // This computer's zone has its button by the field already; the server's gets one here.
  const how = proposal.from === 'server' ? 'use it' : 'choose "Use this computer\'s zone" above';
  return (
    <Notice kind="info">
      <span data-testid="zone-proposal">This integration reads dates stored without a zone as UTC. Proposed: <strong>{proposal.zone}</strong>, {whose}.
        If those dates are local time there, {how}; the dates Talkdesk receives change once you save.</span>
      {proposal.from === 'server' ? <> <button type="button" className="secondary" onClick={() => onUse(proposal.zone)}>Use {proposal.zone}</button></> : null}
    </Notice>
  );
}

/** The field; `machineZone` is this computer's as the bridge last reported it, else as the browser sees it. */
export function TimeZoneField({ connection, machineZone, onChange }: { connection: Connection; machineZone?: string; onChange(zone: string | undefined): void }) {
  const zone = machineZone ?? BROWSER_ZONE;
  return (
    <div className="row align-end">
      <TextField label="Time zone of the database's dates" path="connection.timeZone" value={connection.timeZone ?? ''} placeholder="UTC"
        onChange={(value) => onChange(value.trim() || undefined)}
        hint="Dates stored without a zone (datetime, timestamp without time zone, SQLite text) are read as local time there and sent to Talkdesk in UTC. An IANA name such as Europe/Lisbon." />
      {zone && connection.timeZone !== zone
        ? <button type="button" className="secondary" onClick={() => onChange(zone)}>Use this computer's zone ({zone})</button>
        : null}
    </div>
  );
}
