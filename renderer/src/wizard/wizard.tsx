// The six-step wizard, used for a new integration and for editing one later: stepper, step body, save bar.
import { useEffect, useState, type ReactNode } from 'react';
import type { Environment, Profile } from '../api/types.js';
import { api, messageOf } from '../api/client.js';
import { ErrorBox } from '../components/feedback.js';
import { ActionsStep } from './step-actions.js';
import { ContactsStep } from './step-contacts.js';
import { DataSourceStep } from './step-data-source.js';
import { GoLiveStep } from './step-go-live.js';
import { InteractionsStep } from './step-interactions.js';
import { SecurityStep } from './step-security.js';
import { useEditor, type Editor } from './use-editor.js';

export const STEPS = ['Data source', 'Contacts', 'Interactions', 'Actions', 'Security', 'Go live'] as const;

export interface StepProps {
  editor: Editor; environment: Environment; onOpenGoLive(): void;
  /** Moves to the next step (a proposal's "accept"). */
  next(): void;
}

function stepBody(step: number, props: StepProps): ReactNode {
  switch (step) {
    case 0: return <DataSourceStep {...props} />;
    case 1: return <ContactsStep {...props} />;
    case 2: return <InteractionsStep {...props} />;
    case 3: return <ActionsStep {...props} />;
    case 4: return <SecurityStep {...props} />;
    default: return <GoLiveStep {...props} />;
  }
}

function Stepper({ step, onPick }: { step: number; onPick(step: number): void }) {
  return (
    <nav aria-label="Wizard steps">
      <ol className="stepper">
        {STEPS.map((name, index) => (
          <li key={name}>
            <button type="button" className={index === step ? 'current' : ''} aria-current={index === step ? 'step' : undefined} onClick={() => onPick(index)}>
              <span className="step-number">{index + 1}</span> {name}
            </button>
          </li>
        ))}
      </ol>
    </nav>
  );
}

function SaveBar({ editor, step, setStep }: { editor: Editor; step: number; setStep(step: number): void }) {
  return (
    <footer className="save-bar">
      <button type="button" className="secondary" disabled={step === 0} onClick={() => setStep(step - 1)}>Back</button>
      <span className="save-state" aria-live="polite">{editor.saving ? 'Saving…' : editor.dirty ? 'Unsaved changes' : 'All changes saved'}</span>
      {editor.dirty && editor.originalId !== undefined ? <button type="button" className="secondary" onClick={editor.discard}>Discard changes</button> : null}
      <button type="button" disabled={!editor.dirty || editor.saving} onClick={() => { void editor.save(); }}>Save</button>
      {step < STEPS.length - 1 ? <button type="button" onClick={() => setStep(step + 1)}>Next: {STEPS[step + 1]}</button> : null}
    </footer>
  );
}

/** Deletes the saved integration being edited, with its keys, once the user confirms. */
function DeleteButton({ id, name, onDeleted }: { id: string; name: string; onDeleted(profile: Profile): void }) {
  const [error, setError] = useState<string>();
  const remove = async () => {
    if (!window.confirm(`Delete "${name}" and all its API keys? Talkdesk's calls with those keys fail from now on. This cannot be undone.`)) return;
    try {
      const answer = await api<{ profile: Profile }>('DELETE', `/integrations/${encodeURIComponent(id)}`);
      onDeleted(answer.profile);
    } catch (failure) {
      setError(`Not deleted: ${messageOf(failure)}`);
    }
  };
  return (
    <div className="delete-integration">
      <button type="button" className="link danger" onClick={() => { void remove(); }}>Delete this integration</button>
      <ErrorBox message={error} />
    </div>
  );
}

export function Wizard(props: { saved: Profile; editingId?: string; environment: Environment; onSaved(profile: Profile): void; onDirtyChange(dirty: boolean): void; onDeleted(profile: Profile): void; onOpenGoLive(): void }) {
  const editor = useEditor(props.saved, props.editingId, props.onSaved);
  const [step, setStep] = useState(0);
  const { onDirtyChange } = props;
  useEffect(() => onDirtyChange(editor.dirty), [editor.dirty, onDirtyChange]);
  const title = editor.originalId ? `Edit ${editor.draft.displayName || editor.originalId}` : 'New integration';
  const go = (next: number) => { setStep(next); window.scrollTo(0, 0); };
  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <div className="row space-between align-end">
        <h1 id="wizard-title">{title}</h1>
        {editor.originalId !== undefined ? <DeleteButton id={editor.originalId} name={editor.draft.displayName || editor.originalId} onDeleted={props.onDeleted} /> : null}
      </div>
      <Stepper step={step} onPick={go} />
      <div className="step-body">
        <h2>{step + 1}. {STEPS[step]}</h2>
        {stepBody(step, { editor, environment: props.environment, onOpenGoLive: props.onOpenGoLive, next: () => go(Math.min(step + 1, STEPS.length - 1)) })}
        <ErrorBox message={editor.saveError} problems={editor.problems} />
      </div>
      <SaveBar editor={editor} step={step} setStep={go} />
    </section>
  );
}
