// The UI's doorway to the bridge's contract (bridge/contract): the profile and the admin API's answers, never copied.
import type { LogEntry, SecretRef, TunnelInput } from '../../../bridge/contract/index.js';

export type {
  AccessWarning, ActionInput, AgentsPreview, Alert, ApiKeyInfo, ColumnView, ConnectionTestAnswer, ContactFieldName, Dialect,
  Environment, Integration, IntegrationStatus, LogEntry, Metrics, Note, PhoneIndexStatus, Profile, PublicUrl, SecretRef,
  SelfTestStep, Source, Status, SyncRun, TableInfo, TalkdeskAgent, TalkdeskContact, TalkdeskInteraction, TunnelStatus,
  ValueChoice,
} from '../../../bridge/contract/index.js';
export type {
  ActionConfig as Action, AgentsMapping as Agents, ConnectionSettings as Connection, ContactsMapping as Contacts,
  InteractionMapping as Interaction,
} from '../../../bridge/contract/index.js';
export {
  agentsSchema, connectionSchema, contactsSchema, defaultsOf, INPUT_TYPES, interactionSchema, INTERACTION_PRIORITIES,
  INTERACTION_STATUSES,
} from '../../../bridge/contract/index.js';

/** The tunnel as Go live edits it: keys with a default may be left out, and ngrok's authtoken is stored on save. */
export type Tunnel = Exclude<TunnelInput, { provider: 'ngrok' }> | NgrokTunnel;
export type NgrokTunnel = Omit<Extract<TunnelInput, { provider: 'ngrok' }>, 'authtoken'> & { authtoken?: SecretRef };
export type SshTunnel = Extract<TunnelInput, { provider: 'ssh' }>;
export type LocaltunnelTunnel = Extract<TunnelInput, { provider: 'localtunnel' }>;

/** How a call the bridge made itself is marked in the log. */
export const ORIGIN_TEXT: Record<NonNullable<LogEntry['origin']>, { label: string; explanation: string }> = {
  replay: { label: 'replay', explanation: 'Sent again from this dashboard (Replay this call), not by Talkdesk.' },
  self_test: { label: 'self-test', explanation: 'Made by the Go live self-test, not by Talkdesk.' },
};

/** What an action's write outcome means, in the words the dashboard shows. */
export const WRITE_OUTCOME_TEXT: Record<NonNullable<LogEntry['writeOutcome']>, { label: string; explanation: string }> = {
  unknown: { label: 'may have been written', explanation: 'The database did not confirm this insert: check the record before trying again.' },
  repeat: { label: 'not sent again', explanation: 'An identical call shortly before had an unknown or late outcome: its answer was given instead of inserting again.' },
};
