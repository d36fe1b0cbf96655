// The wizard's editing state: the saved profile, the draft integration, unsaved-change tracking and saving (the tunnel is the Go live page's).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, messageOf } from '../api/client.js';
import type { Integration, Profile } from '../api/types.js';
import { blankIntegration, clean, relativeProblems, withIntegration } from './draft.js';
import { applyProposal, type Proposal } from './proposal.js';

export interface Editor {
  saved: Profile;
  /** The id the draft had when saved; undefined for a new integration. */
  originalId: string | undefined;
  draft: Integration;
  update(change: (draft: Integration) => Integration): void;
  dirty: boolean;
  saving: boolean;
  saveError?: string;
  problems: string[];
  save(): Promise<boolean>;
  discard(): void;
  /** The mapping Deskbridge proposed for this connection, with its reasons, once asked for. */
  proposal?: Proposal;
  /** Fills the draft with a proposal and keeps its notes for the steps. */
  adoptProposal(proposal: Proposal): void;
}

function fingerprint(integration: Integration): string {
  return JSON.stringify(clean(integration));
}

export function useEditor(saved: Profile, editingId: string | undefined, onSaved: (profile: Profile) => void): Editor {
  const original = useMemo(() => saved.integrations.find((integration) => integration.id === editingId), [saved, editingId]);
  const [originalId, setOriginalId] = useState(original?.id);
  const [draft, setDraft] = useState<Integration>(() => structuredClone(original ?? blankIntegration()));
  const [baseline, setBaseline] = useState(() => fingerprint(original ?? blankIntegration()));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [problems, setProblems] = useState<string[]>([]);
  const [proposal, setProposal] = useState<Proposal>();
  const dirty = fingerprint(draft) !== baseline;

  useEffect(() => {
    if (!dirty) return;
    const warn = (event: BeforeUnloadEvent) => { event.preventDefault(); event.returnValue = ''; };
    window.addEventListener('beforeunload', warn);
    return () => window.removeEventListener('beforeunload', warn);
  }, [dirty]);

  const save = useCallback(async () => {
    setSaving(true);
    setSaveError(undefined);
    setProblems([]);
    try {
      const profile = await api<Profile>('PUT', '/profile', withIntegration(saved, originalId, draft, saved.tunnel));
      const stored = profile.integrations.find((integration) => integration.id === draft.id) ?? draft;
      setDraft(structuredClone(stored));
      setBaseline(fingerprint(stored));
      setOriginalId(stored.id);
      onSaved(profile);
      return true;
    } catch (error) {
      setSaveError(error instanceof ApiError && error.problems.length > 0 ? 'Not saved: fix these first.' : `Not saved: ${messageOf(error)}`);
      if (error instanceof ApiError) setProblems(relativeProblems(error.problems));
      return false;
    } finally {
      setSaving(false);
    }
  }, [saved, originalId, draft, onSaved]);

  const discard = useCallback(() => {
    const fresh = saved.integrations.find((integration) => integration.id === originalId);
    setDraft(structuredClone(fresh ?? blankIntegration()));
    setProblems([]);
    setSaveError(undefined);
  }, [saved, originalId]);

  return {
    saved, originalId, draft, dirty, saving, saveError, problems, save, discard, proposal,
    adoptProposal: (next) => { setProposal(next); setDraft((current) => applyProposal(current, next.integration)); },
    update: (change) => setDraft((current) => change(current)),
  };
}
