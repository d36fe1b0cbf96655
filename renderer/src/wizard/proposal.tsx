// The proposed mapping in the wizard: the offer after a connection test, "proposed" marks with their reasons, and one-click acceptance.
import { useId, useState } from 'react';
import type { Note } from '../api/types.js';
import { api, messageOf } from '../api/client.js';
import type { Connection, Integration } from '../api/types.js';
import { ErrorBox, Notice } from '../components/feedback.js';
import { clean } from './draft.js';

export type { Note };

/** What POST /api/propose answers. */
export interface Proposal { integration: Integration; notes: Note[] }

/** The notes about one path (`contacts.key`), or about everything under it when `under` is set. */
export function notesAt(proposal: Proposal | undefined, path: string, under = false): Note[] {
  return (proposal?.notes ?? []).filter((note) => note.path === path || (under && note.path.startsWith(`${path}.`)));
}

/** The draft with the proposal's mapping in place; the name, id and tested connection stay the user's. */
export function applyProposal(draft: Integration, proposed: Integration): Integration {
  return {
    ...draft,
    ...proposed,
    id: draft.id || proposed.id,
    displayName: draft.displayName || proposed.displayName,
    connection: draft.connection,
  };
}

/** A "proposed" badge; its reasons show on hover and on keyboard focus. A flagged one asks the user to look. */
export function ProposedMark({ notes }: { notes: Note[] }) {
  const id = useId();
  if (notes.length === 0) return null;
  const flag = notes.find((note) => note.flag)?.flag;
  const label = flag === 'missing' ? 'needs you' : flag === 'check' ? 'proposed: check' : 'proposed';
  return (
    <span className={`proposed proposed-${flag ?? 'sure'}`} tabIndex={0} aria-describedby={id} data-testid="proposed-mark">
      {label}
      <span role="tooltip" id={id} className="proposed-reason">{notes.map((note) => note.reason).join(' ')}</span>
    </span>
  );
}

/** After a successful test: read the tables and fill every step with a proposal. */
/** `replaces`: an integration already saved is being edited, so the proposal would replace its mapping (until saved). */
export function ProposalOffer({ connection, integrationId, onProposal, replaces }: { connection: Connection; integrationId: string; onProposal(proposal: Proposal): void; replaces: boolean }) {
  const [state, setState] = useState<{ busy: boolean; error?: string; done?: number }>({ busy: false });
  const propose = async () => {
    setState({ busy: true });
    try {
      const proposal = await api<Proposal>('POST', '/propose', { connection: clean(connection), ...(integrationId ? { id: integrationId } : {}), locale: navigator.language });
      onProposal(proposal);
      setState({ busy: false, done: proposal.notes.filter((note) => note.flag).length });
    } catch (error) {
      setState({ busy: false, error: messageOf(error) });
    }
  };
  return (
    <div className="proposal-offer">
      {state.done === undefined ? (
        <Notice kind="info">
          <p>Deskbridge can read your tables and propose the whole mapping: contacts, interactions, agents and a "log a call" action. Each choice says why; you change only what is wrong.{replaces ? ' It replaces the current mapping; until you save, "Discard changes" brings that back.' : ''}</p>
          <button type="button" onClick={() => { void propose(); }} disabled={state.busy}>{state.busy ? 'Reading the tables…' : 'Propose the mapping'}</button>
        </Notice>
      ) : (
        <Notice kind="ok">Every step is filled in with the proposal{state.done > 0 ? `; ${state.done} choice${state.done === 1 ? ' is' : 's are'} marked for you to check` : ''}. Continue to review it.</Notice>
      )}
      {state.error ? <ErrorBox message={`No proposal: ${state.error}`} /> : null}
    </div>
  );
}

/** A step filled from the proposal: what is flagged, and the one click that accepts the step and moves on. */
export function AcceptBar({ proposal, paths, what, onAccept }: { proposal: Proposal | undefined; paths: string[]; what: string; onAccept(): void }) {
  if (!proposal) return null;
  const notes = paths.flatMap((path) => notesAt(proposal, path, true));
  const flagged = notes.filter((note) => note.flag);
  return (
    <div className="accept-bar" data-testid="accept-bar">
      <p><strong>This step is filled in with the proposal.</strong> {flagged.length > 0 ? `${flagged.length} choice${flagged.length === 1 ? ' is' : 's are'} marked for a look.` : 'Hover over or focus a "proposed" mark to see why.'}</p>
      {flagged.length > 0 ? <ul className="flagged">{flagged.map((note, index) => <li key={index}>{note.reason}</li>)}</ul> : null}
      <button type="button" onClick={onAccept}>Accept the proposed {what}</button>
    </div>
  );
}
