// Runs middlewares one after another as a single one: the router's per-layer matching is paid once, not per step.
import type { NextFunction, Request, RequestHandler, Response } from 'express';

export function chain(handlers: RequestHandler[]): RequestHandler {
  return (request: Request, response: Response, next: NextFunction) => {
    let index = 0;
    const step = (error?: unknown): void => {
      if (error !== undefined && error !== null) return next(error);
      const handler = handlers[index++];
      if (!handler) return next();
      try {
        const result: unknown = handler(request, response, step);
        if (result instanceof Promise) result.catch(step);
      } catch (thrown) {
        step(thrown ?? new Error('middleware threw nothing'));
      }
    };
    step();
  };
}
