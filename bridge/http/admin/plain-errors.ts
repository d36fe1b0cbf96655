// The admin API's validation errors in plain words: each problem on its field, no schema paths in what the UI shows.
import type { ErrorRequestHandler } from 'express';
import { z } from 'zod';
import { BridgeError } from '../../errors.js';
import { plainProblems, summaryOf, type FieldProblem } from './plain-problems.js';

/** The problems of a validation error, or undefined for any other error. */
export function fieldProblemsOf(error: unknown): FieldProblem[] | undefined {
  return error instanceof BridgeError && error.cause instanceof z.ZodError ? plainProblems(error.cause) : undefined;
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
