// Runs a preview request on demand, keeping either its answer or the error to show (with its problems in words).
import { useState } from 'react';
import { ApiError, messageOf } from '../api/client.js';

export interface PreviewError { message: string; problems: string[] }

export function usePreview<T>(): { result: T | undefined; error: PreviewError | undefined; run(request: () => Promise<T>): Promise<void> } {
  const [result, setResult] = useState<T>();
  const [error, setError] = useState<PreviewError>();
  const run = async (request: () => Promise<T>) => {
    try {
      setResult(await request());
      setError(undefined);
    } catch (failure) {
      setResult(undefined);
      setError({ message: messageOf(failure), problems: failure instanceof ApiError ? failure.problems : [] });
    }
  };
  return { result, error, run };
}
