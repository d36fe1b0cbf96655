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

/** The real module, typed by NgrokSdk (the type checker holds @ngrok/ngrok to it). */
async function importRealSdk(): Promise<NgrokSdk> {
  const sdk: NgrokSdk = await import('@ngrok/ngrok');
  return sdk;
}

export interface NgrokSdkLoading {
  /** The import itself; tests pass one that fails as a missing native part does. */
  importSdk?: () => Promise<NgrokSdk>;
  platform?: NodeJS.Platform;
  arch?: string;
}

/** The Visual C++ runtime installer for each Windows architecture (Microsoft's permanent links). */
const VC_REDIST: Record<string, string> = {
  x64: 'https://aka.ms/vs/17/release/vc_redist.x64.exe',
  arm64: 'https://aka.ms/vs/17/release/vc_redist.arm64.exe',
  ia32: 'https://aka.ms/vs/17/release/vc_redist.x86.exe',
};

/** Loads the SDK on first use; a native part that is missing or cannot load gets a message saying what to install. */
export async function loadNgrokSdk(loading: NgrokSdkLoading = {}): Promise<NgrokSdk> {
  const { importSdk = importRealSdk, platform = process.platform, arch = process.arch } = loading;
  try {
    return await importSdk();
  } catch (error) {
    const reason = (error instanceof Error ? error.message : String(error)).split(/\r?\n/)[0]?.trim().replace(/[.\s]+$/, '');
    // The SDK's Windows binary needs Microsoft's C++ runtime, which Windows does not always have and the installer does not bring.
    const windows = platform === 'win32'
      ? 'On Windows the usual cause is a missing Microsoft Visual C++ Redistributable (2015-2022), which the ngrok SDK needs: '
        + `install it from ${VC_REDIST[arch] ?? VC_REDIST.x64} and restart Deskbridge. If that does not help, `
      : '';
    throw new Error(
      `The ngrok SDK could not load its native part on this computer (${platform}-${arch})${reason ? `: ${reason}` : ''}. `
      + `${windows}${windows ? 'reinstall' : 'Reinstall'} Deskbridge with the installer built for this system, or run "npm ci" again in a source checkout.`,
      { cause: error },
    );
  }
}
