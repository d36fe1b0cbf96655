// Turns the ngrok SDK's errors into sentences an office IT admin can act on, keeping ngrok's own error code.

const DASHBOARD = 'https://dashboard.ngrok.com';

/** What to tell the admin for the codes a Deskbridge install can run into, by ngrok error code. */
const ADVICE: Record<string, (context: NgrokErrorContext) => string> = {
  ERR_NGROK_105: () => `ngrok refused the authtoken: it is not an ngrok authtoken (a typing or copying mistake?). `
    + `Copy it again from ${DASHBOARD}/get-started/your-authtoken and store it with "deskbridge secret set NAME".`,
  ERR_NGROK_107: () => `ngrok refused the authtoken: it is well formed but no longer valid (it was reset or revoked, or belongs to a team you left). `
    + `Create a new one at ${DASHBOARD}/tunnels/authtokens and store it again.`,
  ERR_NGROK_4018: () => `ngrok needs an authtoken from a verified account. `
    + `Sign up or log in at ${DASHBOARD}, copy the authtoken and store it as the profile's tunnel.authtoken.`,
  ERR_NGROK_108: () => `The ngrok account is at its limit of simultaneous agent sessions (another ngrok agent or Deskbridge install uses this authtoken). `
    + `Stop the other agent (${DASHBOARD}/agents) or upgrade the ngrok plan.`,
  ERR_NGROK_120: () => 'ngrok no longer accepts this version of its SDK without an account: store an authtoken, or update Deskbridge.',
  ERR_NGROK_121: () => 'ngrok no longer accepts this version of its SDK on this free account: update Deskbridge, or use a paid ngrok plan.',
  ERR_NGROK_314: (context) => `${context.domain ? `The domain ${context.domain} is a custom domain (one of your own, not ngrok's): ` : 'A custom domain (one of your own, not ngrok\'s): '}`
    + 'serving it through ngrok needs a paid ngrok plan. Use the free static domain ngrok gives the account instead '
    + `(${DASHBOARD}/domains, e.g. something.ngrok-free.app) in tunnel.domain, leave the domain empty, or upgrade the plan.`,
  ERR_NGROK_319: (context) => `The domain ${context.domain ?? 'asked for'} is not reserved on this ngrok account. `
    + `Reserve it at ${DASHBOARD}/domains (or copy the account's own static domain from there) and put it in tunnel.domain.`,
  ERR_NGROK_320: (context) => `The domain ${context.domain ?? 'asked for'} belongs to another ngrok account. `
    + 'Use the authtoken of the account that reserved it, or a domain reserved on this one.',
  ERR_NGROK_334: (context) => `Another ngrok agent already serves ${context.domain ?? 'this domain'} (another Deskbridge install, or an ngrok agent left running). `
    + `Stop it (${DASHBOARD}/agents), or, to share the domain between two Deskbridge installs, set "pooling": true in tunnel on both.`,
};

export interface NgrokErrorContext {
  domain?: string;
  /** Removed from any text that could reach a log or the UI (ngrok quotes a refused authtoken back). */
  authtoken?: string;
  /** HTTPS_PROXY is set here: the network message says the SDK cannot use it. */
  proxyInEnvironment?: boolean;
}

/** The ngrok error code an SDK error carries (`errorCode`, filled in by the SDK), or that its message names. */
export function ngrokErrorCode(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  const code = (error as Error & { errorCode?: unknown }).errorCode;
  if (typeof code === 'string' && /^ERR_NGROK_\d+$/.test(code)) return code;
  return /ERR_NGROK_\d+/.exec(error.message)?.[0];
}

/** A message for the admin: what happened, what to do, and ngrok's code to look up. */
export function describeNgrokError(error: unknown, context: NgrokErrorContext = {}): string {
  const code = ngrokErrorCode(error);
  const raw = redact(error instanceof Error ? error.message : String(error), context.authtoken);
  if (code) {
    const advice = ADVICE[code];
    if (advice) return `${advice(context)} (${code})`;
    return `ngrok refused the tunnel: ${firstLine(raw)} See https://ngrok.com/docs/errors/${code.toLowerCase()} (${code})`;
  }
  if (/failed to establish tcp connection|dns|resolve|network is unreachable|timed? ?out|did not answer within/i.test(raw)) {
    return 'This computer could not reach ngrok (connect.ngrok-agent.com, TCP port 443): check the internet connection and that the firewall '
      + `allows outgoing connections to it. ${context.proxyInEnvironment ? 'HTTPS_PROXY is set here, but the ngrok SDK cannot use a proxy' : 'The ngrok SDK cannot use an HTTP proxy'}. (${firstLine(raw)})`;
  }
  if (/tls handshake|certificate/i.test(raw)) {
    return 'The secure connection to ngrok failed: something on the network (a firewall inspecting TLS, or a captive portal) stands between '
      + `this computer and connect.ngrok-agent.com on port 443; allow it through untouched. (${firstLine(raw)})`;
  }
  return `The ngrok tunnel failed: ${firstLine(raw)}`;
}

function redact(text: string, secret: string | undefined): string {
  const quoted = text.replace(/(Your authtoken:\s*)\S+/gi, '$1[hidden]');
  return secret ? quoted.split(secret).join('[hidden]') : quoted;
}

/** ngrok's messages run over several lines and end with the code; the first line says what happened. */
function firstLine(message: string): string {
  const line = message.split(/\r?\n/).map((part) => part.trim()).find((part) => part.length > 0) ?? message;
  const clean = line.replace(/,?\s*error_code: ERR_NGROK_\d+$/, '').replace(/\s*ERR_NGROK_\d+$/, '');
  return /[.!?]$/.test(clean) ? clean : `${clean}.`;
}
