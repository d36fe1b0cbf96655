// The wizard's editing state: the saved profile, the draft integration, unsaved-change tracking and saving (the tunnel is the Go live page's).
import { useCallback, useEffect, useMemo, useState } from 'react';
import { api, ApiError, messageOf } from '../api/client.js';
import type { Integration, Profile } from '../api/types.js';
import { blankIntegration, clean, draftIndex, problemsByField, storeDraft, storedDraft, storedProposal, storeProposal, withIntegration } from './draft.js';
import { applyProposal, type Proposal } from './proposal.js';
import { changedSteps, STEPS, stepOf } from './steps.js';
import { useFieldChecks, type FieldChecks } from './use-field-checks.js';

export interface Editor {
  saved: Profile;
  /** The id the draft had when saved; undefined for a new integration. */
  originalId: string | undefined;
  draft: Integration;
  update(change: (draft: Integration) => Integration): void;
  dirty: boolean;
  /** The steps with changes a save would write. */
  unsavedSteps: string[];
  saving: boolean;
  saveError?: string;
  problems: string[];
  save(): Promise<boolean>;
  discard(): void;
  /** The mapping Deskbridge proposed for this connection, with its reasons, once asked for. */
  proposal?: Proposal;
  /** Fills the draft with a proposal and keeps its notes for the steps. */
  adoptProposal(proposal: Proposal): void;
  /** Problems found by "Next" or a refused save, on their fields. */
  checks: FieldChecks;
}

/** A refused save's problems as a list: each with the step it is on. */
function problemList(fields: ApiError['fields'], index: number): string[] {
  return Object.entries(problemsByField(fields, index)).map(([path, message]) => {
    const step = STEPS[stepOf(path)];
    return step ? `${step}: ${message}` : message;
  });
}

function fingerprint(integration: Integration): string {
  return JSON.stringify(clean(integration));
}

export function useEditor(saved: Profile, editingId: string | undefined, onSaved: (profile: Profile) => void): Editor {
  const original = useMemo(() => saved.integrations.find((integration) => integration.id === editingId), [saved, editingId]);
  const [originalId, setOriginalId] = useState(original?.id);
  // A draft brought back by a reload, read once: it and the proposal it was filled from (its marks and reasons) stay.
  const [restored] = useState(() => storedDraft(editingId));
  const [draft, setDraft] = useState<Integration>(() => restored ?? structuredClone(original ?? blankIntegration()));
  const [baseline, setBaseline] = useState(() => fingerprint(original ?? blankIntegration()));
  const [saving, setSaving] = useState(false);
  const [saveError, setSaveError] = useState<string>();
  const [problems, setProblems] = useState<string[]>([]);
  const [proposal, setProposal] = useState<Proposal | undefined>(() => (restored ? storedProposal<Proposal>(editingId) : undefined));
  const dirty = fingerprint(draft) !== baseline;
  const unsavedSteps = useMemo(() => (dirty ? changedSteps(JSON.parse(baseline) as Record<string, unknown>, clean(draft)) : []), [dirty, baseline, draft]);
  const checks = useFieldChecks(saved, originalId, draft);

  // Kept for the tab while unsaved, under the name the wizard was opened with: a reload brings the edits back.
  useEffect(() => storeDraft(editingId, dirty ? draft : undefined), [editingId, dirty, draft]);
  useEffect(() => storeProposal(editingId, dirty ? proposal : undefined), [editingId, dirty, proposal]);

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
      const fields = error instanceof ApiError ? error.fields : [];
      setSaveError(fields.length > 0 ? 'Not saved: fix what is marked on the fields first.' : `Not saved: ${messageOf(error)}`);
      if (fields.length > 0) {
        setProblems(problemList(fields, draftIndex(saved, originalId)));
        checks.showAll(fields);
      }
      return false;
    } finally {
      setSaving(false);
    }
  }, [saved, originalId, draft, onSaved, checks]);

  const discard = useCallback(() => {
    const fresh = saved.integrations.find((integration) => integration.id === originalId);
    setDraft(structuredClone(fresh ?? blankIntegration()));
    setProblems([]);
    setSaveError(undefined);
  }, [saved, originalId]);

  return {
    saved, originalId, draft, dirty, unsavedSteps, saving, saveError, problems, save, discard, proposal, checks,
    adoptProposal: (next) => { setProposal(next); setDraft((current) => applyProposal(current, next.integration)); },
    update: (change) => setDraft((current) => change(current)),
  };
}
