// The admin API's validation errors in plain words: each problem on its field, no schema paths in what the UI shows.
import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { BridgeError } from '../../errors.js';
import { plainProblems, summaryOf, type FieldProblem } from './plain-problems.js';

/** "integrations[0].contacts.fields.name: unbalanced braces": a problem a mapping's compiler names by its path. */
const PATHED = /^((?:[A-Za-z_]\w*)(?:\.[A-Za-z_]\w*|\[\d+\])*): (.+)$/s;

function pathOf(text: string): Array<string | number> {
  return [...text.matchAll(/[A-Za-z_]\w*|\[(\d+)\]/g)].map((part) => (part[1] === undefined ? part[0] : Number(part[1])));
}

/** The problems of a validation error (a schema's, or a mapping's that names its path), or undefined for any other error. */
export function fieldProblemsOf(error: unknown): FieldProblem[] | undefined {
  if (!(error instanceof BridgeError)) return undefined;
  if (error.cause instanceof z.ZodError) return plainProblems(error.cause);
  const pathed = error.code === 'invalid_profile' ? PATHED.exec(error.message) : null;
  if (!pathed) return undefined;
  return plainProblems(new z.ZodError([{ code: 'custom', path: pathOf(pathed[1]!), message: pathed[2]!, input: undefined }]));
}

/** Rewords a validation error for the admin UI: `problems` in words, `fields` for placing each one. */
export const plainValidationErrors: ErrorRequestHandler = (error, _request, _response, next) => {
  const fields = fieldProblemsOf(error);
  if (!fields || !(error instanceof BridgeError)) {
    next(error);
    return;
  }
  next(new BridgeError(error.code, summaryOf(fields), { details: { problems: fields.map((field) => field.message), fields }, cause: error }));
};
