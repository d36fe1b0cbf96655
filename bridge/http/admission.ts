// Holds an admission slot for each Talkdesk call until its answer is sent; refusals become 503 + Retry-After.
import type { ServerResponse } from 'node:http';
import type { Admission } from '../admission.js';

/**
 * Waits for a slot of the integration's Admission and holds it until the answer is sent or the client goes away.
 * False when the caller gave up while queued: its slot is given back at once and nothing is to be answered.
 */
export async function holdSlot(admission: Admission, response: ServerResponse): Promise<boolean> {
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
    return false;
  }
  response.once('finish', release);
  response.once('close', release);
  return true;
}
