// The six-step wizard, used for a new integration and for editing one later: stepper, step body checked before "Next", save bar.
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { Environment, Profile } from '../api/types.js';
import { api, messageOf } from '../api/client.js';
import { ErrorBox } from '../components/feedback.js';
import { FieldErrorsProvider, useFocusOnProblems, useUnplacedErrors } from '../components/field-errors.js';
import { ActionsStep } from './step-actions.js';
import { ContactsStep } from './step-contacts.js';
import { DataSourceStep } from './step-data-source.js';
import { GoLiveStep } from './step-go-live.js';
import { InteractionsStep } from './step-interactions.js';
import { SecurityStep } from './step-security.js';
import { STEPS, stepOf } from './steps.js';
import { useEditor, type Editor } from './use-editor.js';

export interface StepProps {
  editor: Editor; environment: Environment; onOpenGoLive(): void;
  /** Checks the step, then moves to the next one (a proposal's "accept"). */
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

/** What is saved and what is not, in words: the steps with changes, or that a new integration exists only here. */
function SaveState({ editor }: { editor: Editor }) {
  let text = 'All changes saved';
  if (editor.saving) text = 'Saving…';
  else if (editor.originalId === undefined) text = 'Not saved yet: this integration exists only in this window until you save it';
  else if (editor.dirty) text = `Not saved: your changes to ${listOf(editor.unsavedSteps.length > 0 ? editor.unsavedSteps : ['this integration'])}`;
  return <span className="save-state" aria-live="polite" data-testid="save-state">{text}</span>;
}

/** "a", "a and b", "a, b and c". */
function listOf(items: string[]): string {
  return items.length < 2 ? items.join('') : `${items.slice(0, -1).join(', ')} and ${items.at(-1)}`;
}

function SaveBar({ editor, step, setStep, next }: { editor: Editor; step: number; setStep(step: number): void; next(): void }) {
  return (
    <footer className="save-bar">
      <button type="button" className="secondary" disabled={step === 0} onClick={() => setStep(step - 1)}>Back</button>
      <SaveState editor={editor} />
      {editor.dirty && editor.originalId !== undefined ? <button type="button" className="secondary" onClick={editor.discard}>Discard changes</button> : null}
      <button type="button" disabled={!editor.dirty || editor.saving} onClick={() => { void editor.save(); }}>Save</button>
      {step < STEPS.length - 1 ? <button type="button" onClick={next}>Next: {STEPS[step + 1]}</button> : null}
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

/** Problems of this step that no field on screen shows (a setting without a field of its own); other steps' are in the save error. */
function UnplacedProblems({ step }: { step: number }) {
  const unplaced = useUnplacedErrors().filter(([path]) => stepOf(path) === step || stepOf(path) < 0).map(([, message]) => message);
  return unplaced.length > 0 ? <div tabIndex={-1} className="unplaced-problems"><ErrorBox message="Fix these first:" problems={unplaced} /></div> : null;
}

interface WizardProps {
  saved: Profile; editingId?: string; environment: Environment; step: number;
  /** Shows a step; `id` once the integration is saved under one. */
  onStep(step: number, id?: string): void;
  onSaved(profile: Profile): void; onDirtyChange(dirty: boolean): void; onDeleted(profile: Profile): void; onOpenGoLive(): void;
}

export function Wizard(props: WizardProps) {
  const editor = useEditor(props.saved, props.editingId, props.onSaved);
  const { step, onStep, onDirtyChange } = props;
  const body = useRef<HTMLDivElement>(null);
  useEffect(() => onDirtyChange(editor.dirty), [editor.dirty, onDirtyChange]);
  // Once saved, the address names the integration: a reload opens it.
  useEffect(() => { if (editor.originalId !== undefined && editor.originalId !== props.editingId) onStep(step, editor.originalId); }, [editor.originalId, props.editingId, onStep, step]);
  const { checks } = editor;
  useFocusOnProblems(checks.shown, body);
  // A refused save shows the step of its first problem.
  const firstProblem = Object.keys(checks.errors).map(stepOf).filter((at) => at >= 0).sort((a, b) => a - b)[0];
  // Only when problems are newly shown, not while the user fixes them.
  useEffect(() => { if (firstProblem !== undefined) onStep(firstProblem, editor.originalId); }, [checks.shown]);
  const title = editor.originalId ? `Edit ${editor.draft.displayName || editor.originalId}` : 'New integration';
  const go = (next: number) => { onStep(next, editor.originalId); window.scrollTo(0, 0); };
  const [checking, setChecking] = useState(false);
  const next = async () => {
    if (checking) return;
    setChecking(true);
    const fine = await checks.check(step).finally(() => setChecking(false));
    if (fine) go(Math.min(step + 1, STEPS.length - 1));
  };
  return (
    <section className="wizard" aria-labelledby="wizard-title">
      <div className="row space-between align-end">
        <h1 id="wizard-title">{title}</h1>
        {editor.originalId !== undefined ? <DeleteButton id={editor.originalId} name={editor.draft.displayName || editor.originalId} onDeleted={props.onDeleted} /> : null}
      </div>
      <Stepper step={step} onPick={go} />
      <FieldErrorsProvider errors={checks.errors}>
        <div className="step-body" ref={body}>
          <h2>{step + 1}. {STEPS[step]}</h2>
          {stepBody(step, { editor, environment: props.environment, onOpenGoLive: props.onOpenGoLive, next: () => { void next(); } })}
          <UnplacedProblems step={step} />
          <ErrorBox message={editor.saveError} problems={editor.problems} />
        </div>
      </FieldErrorsProvider>
      <SaveBar editor={editor} step={step} setStep={go} next={() => { void next(); }} />
    </section>
  );
}
