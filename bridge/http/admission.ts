// Holds an admission slot for each Talkdesk call until its answer is sent; refusals become 503 + Retry-After.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Admission } from '../admission.js';

/** Middleware holding a slot of the integration's Admission until the answer is sent or the client goes away. */
export function admit(admissionFor: (request: Request) => Admission | undefined): RequestHandler {
  return async (request: Request, response: Response, next: NextFunction) => {
    const admission = admissionFor(request);
    if (!admission) return next();
    const release = await admission.acquire();
    response.once('finish', release);
    response.once('close', release);
    next();
  };
}
