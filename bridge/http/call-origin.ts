// Which of the bridge's own calls a request is (a replay, a self-test): told by a header the local caller sets.
import { CALL_ORIGINS, type CallOrigin } from '../state/request-log.js';

/** Set by the admin side's local caller; honoured only beside the bridge's own short-lived key. */
export const CALL_ORIGIN_HEADER = 'x-deskbridge-call';

export function callOriginOf(value: string | undefined): CallOrigin | undefined {
  return CALL_ORIGINS.find((origin) => origin === value);
}
