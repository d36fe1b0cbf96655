// Validation problems placed on their fields: each field names its path ("contacts.key") and shows the problem found there.
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode, type RefObject } from 'react';

/** Problems by path inside the integration ("contacts.key", "interactions[0].fields.id"), in plain words. */
export type FieldErrors = Record<string, string>;

interface Placement { errors: FieldErrors; register(path: string): () => void; placed: Set<string> }

const Context = createContext<Placement>({ errors: {}, register: () => () => {}, placed: new Set() });

/** True when a problem at `error` belongs to the field at `field` (the field itself or a part of it). */
function covers(field: string, error: string): boolean {
  return error === field || error.startsWith(`${field}.`) || error.startsWith(`${field}[`);
}

export function FieldErrorsProvider({ errors, children }: { errors: FieldErrors; children: ReactNode }) {
  const [fields, setFields] = useState<string[]>([]);
  // Stable, so that a field registers once per mount and not on every change of the problems.
  const register = useCallback((path: string) => {
    setFields((current) => [...current, path]);
    return () => setFields((current) => { const at = current.indexOf(path); return at < 0 ? current : [...current.slice(0, at), ...current.slice(at + 1)]; });
  }, []);
  const value = useMemo<Placement>(() => ({
    errors, register, placed: new Set(Object.keys(errors).filter((error) => fields.some((field) => covers(field, error)))),
  }), [errors, register, fields]);
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

/**
 * The problem to show on the field at `path`, if any; the field counts as placed while mounted. `exact`: only a
 * problem about the field as a whole (its parts have fields of their own).
 */
export function useFieldError(path: string | undefined, exact = false): string | undefined {
  const { errors, register } = useContext(Context);
  useEffect(() => (path === undefined || exact ? undefined : register(path)), [path, register, exact]);
  if (path === undefined) return undefined;
  const at = Object.keys(errors).find((error) => (exact ? error === path : covers(path, error)));
  return at === undefined ? undefined : errors[at];
}

/** The problems no field on screen shows (path and message), so that none is lost. */
export function useUnplacedErrors(): Array<[string, string]> {
  const { errors, placed } = useContext(Context);
  return Object.entries(errors).filter(([path]) => !placed.has(path));
}

/** The message under a field, tied to it by id (aria-describedby). */
export function FieldError({ id, message }: { id: string; message?: string }) {
  return message ? <div className="field-error" id={id}>{message}</div> : null;
}

/**
 * Moves focus to the first field with a problem inside `body` (or to a box of problems no field shows, marked
 * `.unplaced-problems`) each time problems are newly shown: `shown` counts the times.
 */
export function useFocusOnProblems(shown: number, body: RefObject<HTMLElement | null>) {
  useEffect(() => {
    if (shown === 0) return;
    const first = body.current?.querySelector<HTMLElement>('[aria-invalid="true"], .unplaced-problems');
    first?.focus();
    first?.scrollIntoView({ block: 'center' });
  }, [shown, body]);
}
