// The wizard's checks: the bridge validates the draft, and each problem is placed on its field in words; "Next" waits for a clean step.
import { useCallback, useEffect, useRef, useState } from 'react';
import { api, messageOf, type FieldProblem } from '../api/client.js';
import type { Integration, Profile } from '../api/types.js';
import type { FieldErrors } from '../components/field-errors.js';
import { draftIndex, problemsByField, withIntegration } from './draft.js';
import { stepOf } from './steps.js';

export interface FieldChecks {
  /** The problems shown, by path inside the integration. */
  errors: FieldErrors;
  /** Grows each time problems are newly shown, so that the wizard moves focus to the first one. */
  shown: number;
  /** Checks one step's settings; true when they are fine. */
  check(step: number): Promise<boolean>;
  /** Shows the problems a save was refused for, wherever they are. */
  showAll(fields: FieldProblem[]): void;
}

function onStep(errors: FieldErrors, step: number | 'all'): FieldErrors {
  return Object.fromEntries(Object.entries(errors).filter(([path]) => step === 'all' || stepOf(path) === step));
}

export function useFieldChecks(saved: Profile, originalId: string | undefined, draft: Integration): FieldChecks {
  const [errors, setErrors] = useState<FieldErrors>({});
  const [shown, setShown] = useState(0);
  // Which problems are on screen: rechecked as the user edits, so that a fixed field loses its problem.
  const scope = useRef<number | 'all' | undefined>(undefined);

  const validate = useCallback(async (step: number | 'all'): Promise<FieldErrors> => {
    try {
      const answer = await api<{ ok: boolean; fields?: FieldProblem[] }>('POST', '/profile/validate', withIntegration(saved, originalId, draft, saved.tunnel));
      return onStep(problemsByField(answer.fields ?? [], draftIndex(saved, originalId)), step);
    } catch (error) {
      return { '(check)': `This step could not be checked: ${messageOf(error)}` };
    }
  }, [saved, originalId, draft]);

  const check = useCallback(async (step: number) => {
    const found = await validate(step);
    scope.current = Object.keys(found).length > 0 ? step : undefined;
    setErrors(found);
    if (Object.keys(found).length > 0) setShown((count) => count + 1);
    return Object.keys(found).length === 0;
  }, [validate]);

  const showAll = useCallback((fields: FieldProblem[]) => {
    scope.current = 'all';
    setErrors(problemsByField(fields, draftIndex(saved, originalId)));
    setShown((count) => count + 1);
  }, [saved, originalId]);

  useEffect(() => {
    const step = scope.current;
    if (step === undefined) return;
    // Once the user pauses, so that typing a value does not check every keystroke.
    const timer = setTimeout(() => { void validate(step).then((found) => { if (scope.current === step) setErrors(found); }); }, 400);
    return () => clearTimeout(timer);
  }, [validate]);

  return { errors, shown, check, showAll };
}
