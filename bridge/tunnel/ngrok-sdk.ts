// The part of the ngrok SDK (@ngrok/ngrok, pinned) the ngrok provider uses, and its lazy loading.

/** A listening endpoint on ngrok's edge. */
export interface NgrokListener {
  url(): string | null;
  close(): Promise<void>;
}

/** Builds an HTTPS endpoint on a session. */
export interface NgrokEndpointBuilder {
  domain(domain: string): this;
  poolingEnabled(enabled: boolean): this;
  /** Opens the endpoint and forwards each connection to `toUrl` on this machine. */
  listenAndForward(toUrl: string): Promise<NgrokListener>;
}

/** A connected agent session. */
export interface NgrokSession {
  httpEndpoint(): NgrokEndpointBuilder;
  close(): Promise<void>;
}

/** Configures and opens a session. */
export interface NgrokSessionBuilder {
  authtoken(authtoken: string): this;
  clientInfo(clientType: string, version: string, comments?: string | null): this;
  /** Called after the link to ngrok broke; the SDK reconnects when it returns true. */
  handleDisconnection(handler: (addr: string, error: string) => boolean): this;
  /** Called when someone stops this agent from the ngrok dashboard or API. */
  handleStopCommand(handler: () => void): this;
  serverAddr(addr: string): this;
  connect(): Promise<NgrokSession>;
}

/** The module's surface; the real SDK satisfies it (checked by the type checker in loadNgrokSdk), test doubles implement it. */
export interface NgrokSdk {
  SessionBuilder: new () => NgrokSessionBuilder;
}

/** Loads the SDK on first use; a missing native part (a package built for another platform) gets an actionable message. */
export async function loadNgrokSdk(): Promise<NgrokSdk> {
  try {
    const sdk: NgrokSdk = await import('@ngrok/ngrok');
    return sdk;
  } catch (error) {
    throw new Error(
      `The ngrok SDK could not load on this computer (${process.platform}-${process.arch}): its native part for this platform is missing. `
      + 'Reinstall Deskbridge with the installer built for this system, or run "npm ci" again in a source checkout.',
      { cause: error },
    );
  }
}
