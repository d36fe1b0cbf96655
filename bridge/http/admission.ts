// Holds an admission slot for each Talkdesk call until its answer is sent; refusals become 503 + Retry-After.
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Admission } from '../admission.js';

/** Middleware holding a slot of the integration's Admission until the answer is sent or the client goes away. */
export function admit(admissionFor: (request: Request, response: Response) => Admission | undefined): RequestHandler {
  return async (request: Request, response: Response, next: NextFunction) => {
    const admission = admissionFor(request, response);
    if (!admission) return next();
    // A caller that gives up while queued must not keep its slot once granted: watch for that from the start.
    let gone = false;
    const onClose = () => { gone = true; };
    response.once('close', onClose);
    let release: () => void;
    try {
      release = await admission.acquire();
    } finally {
      response.off('close', onClose);
    }
    if (gone) {
      release();
      return;
    }
    response.once('finish', release);
    response.once('close', release);
    next();
  };
}
