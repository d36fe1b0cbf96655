// The service definitions Deskbridge registers: a systemd unit, a launchd plist and a WinSW configuration (Windows).

/** What every definition needs: how to run `deskbridge serve`, where its data and logs go. */
export interface ServiceSpec {
  /** The runtime: node, or the desktop app's own executable (then `electronAsNode`). */
  runtime: string;
  /** The bridge's cli.js. */
  cli: string;
  dataDir: string;
  logDir: string;
  /** The runtime is Electron's executable, which runs as plain Node with ELECTRON_RUN_AS_NODE=1. */
  electronAsNode: boolean;
  /** A fixed loopback admin port, so the desktop app finds the service (default: any free port at each start). */
  adminPort?: number;
  /** The SHA-256 of the desktop app's lasting admin token (a hash, not a secret: definitions are readable by all). */
  adminTokenSha256?: string;
}

export const SERVICE_NAME = 'deskbridge';
export const LAUNCHD_LABEL = 'com.deskbridge.bridge';
export const WINDOWS_SERVICE_ID = 'Deskbridge';

/** The service's command line after the runtime: cli.js serve with its data folder, and what lets the desktop app attach. */
function serveArguments(spec: ServiceSpec): string[] {
  const args = [spec.cli, 'serve', '--data-dir', spec.dataDir];
  if (spec.adminPort !== undefined) args.push('--admin-port', String(spec.adminPort));
  if (spec.adminTokenSha256 !== undefined) args.push('--admin-token-sha256', spec.adminTokenSha256);
  return args;
}

function environment(spec: ServiceSpec, extra: Record<string, string> = {}): Record<string, string> {
  return {
    NODE_ENV: 'production',
    DESKBRIDGE_LOG_DIR: spec.logDir,
    ...(spec.electronAsNode ? { ELECTRON_RUN_AS_NODE: '1' } : {}),
    ...extra,
  };
}

/** systemd quotes: a word with spaces or quotes in double quotes, with \ and " escaped; % doubled (specifiers). */
function systemdWord(word: string): string {
  const escaped = word.replace(/%/g, '%%');
  return /[\s"'\\]/.test(escaped) ? `"${escaped.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"` : escaped;
}

/** A system unit with a user of its own (DynamicUser), its own state directory, restart on failure, logs to the journal. */
export function systemdUnit(spec: ServiceSpec): string {
  const env = Object.entries(environment(spec)).map(([name, value]) => `Environment=${systemdWord(`${name}=${value}`)}`);
  return `# Deskbridge's headless bridge, installed by "deskbridge service install". Remove with "deskbridge service uninstall".
[Unit]
Description=Deskbridge: Talkdesk Integrations API bridge
Documentation=https://github.com/deskbridge/deskbridge#running-as-a-service
Wants=network-online.target
After=network-online.target
StartLimitIntervalSec=0

[Service]
Type=simple
# A user of its own that owns ${spec.dataDir}: the profile, state database, master key and logs stay owner-only.
DynamicUser=yes
StateDirectory=${spec.dataDir.replace(/^\/var\/lib\//, '')}
StateDirectoryMode=0700
LogsDirectory=${spec.logDir.replace(/^\/var\/log\//, '')}
LogsDirectoryMode=0700
UMask=0077
WorkingDirectory=${spec.dataDir}
${env.join('\n')}
ExecStart=${[spec.runtime, ...serveArguments(spec)].map(systemdWord).join(' ')}
# SIGTERM lets calls in flight finish and closes the tunnel before exit.
KillSignal=SIGTERM
TimeoutStopSec=30
Restart=on-failure
RestartSec=5
NoNewPrivileges=yes
PrivateTmp=yes
ProtectSystem=strict
ProtectHome=read-only
ProtectControlGroups=yes
ProtectKernelModules=yes
ProtectKernelTunables=yes
RestrictSUIDSGID=yes
LockPersonality=yes

[Install]
WantedBy=multi-user.target
`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** A LaunchDaemon: runs at boot before anyone logs in, started again when it exits with an error, logs in /Library/Logs. */
export function launchdPlist(spec: ServiceSpec): string {
  const args = [spec.runtime, ...serveArguments(spec)].map((arg) => `    <string>${xml(arg)}</string>`).join('\n');
  // launchd never rotates StandardErrorPath: the bridge's log goes only to its rotated files there.
  const env = Object.entries(environment(spec, { DESKBRIDGE_LOG_STDERR: 'off' })).map(([name, value]) => `    <key>${xml(name)}</key>\n    <string>${xml(value)}</string>`).join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
<!-- Deskbridge's headless bridge, installed by "deskbridge service install". -->
<plist version="1.0">
<dict>
  <key>Label</key>
  <string>${LAUNCHD_LABEL}</string>
  <key>ProgramArguments</key>
  <array>
${args}
  </array>
  <key>EnvironmentVariables</key>
  <dict>
${env}
  </dict>
  <key>WorkingDirectory</key>
  <string>${xml(spec.dataDir)}</string>
  <key>Umask</key>
  <integer>63</integer>
  <key>RunAtLoad</key>
  <true/>
  <key>KeepAlive</key>
  <dict>
    <key>SuccessfulExit</key>
    <false/>
  </dict>
  <key>ThrottleInterval</key>
  <integer>5</integer>
  <key>ExitTimeOut</key>
  <integer>30</integer>
  <key>StandardOutPath</key>
  <string>${xml(`${spec.logDir}/events.log`)}</string>
  <key>StandardErrorPath</key>
  <string>${xml(`${spec.logDir}/stderr.log`)}</string>
</dict>
</plist>
`;
}

/**
 * WinSW's configuration: the Service Control Manager runs WinSW, which runs the bridge and restarts it on failure.
 * Written for the WinSW node-windows bundles (1.x): it reads the account as <domain> and <user> (a <username> it would
 * ignore, leaving the service on LocalSystem) and has no delayed start, which the install sets with sc.exe instead.
 */
export function winswXml(spec: ServiceSpec): string {
  const args = serveArguments(spec).map((arg) => (/\s/.test(arg) ? `"${arg}"` : arg)).join(' ');
  const env = Object.entries(environment(spec)).map(([name, value]) => `  <env name="${xml(name)}" value="${xml(value)}"/>`).join('\n');
  return `<!-- Deskbridge's headless bridge, installed by "deskbridge service install". -->
<service>
  <id>${WINDOWS_SERVICE_ID}</id>
  <name>Deskbridge (Talkdesk bridge)</name>
  <description>Serves the Talkdesk Integrations API from this office's database.</description>
  <executable>${xml(spec.runtime)}</executable>
  <arguments>${xml(args)}</arguments>
  <workingdirectory>${xml(spec.dataDir)}</workingdirectory>
${env}
  <startmode>Automatic</startmode>
  <depend>Tcpip</depend>
  <serviceaccount>
    <domain>NT AUTHORITY</domain>
    <user>LocalService</user>
  </serviceaccount>
  <onfailure action="restart" delay="5 sec"/>
  <onfailure action="restart" delay="30 sec"/>
  <resetfailure>1 hour</resetfailure>
  <stoptimeout>30 sec</stoptimeout>
  <logpath>${xml(spec.logDir)}</logpath>
  <log mode="roll-by-size">
    <sizeThreshold>10240</sizeThreshold>
    <keepFiles>5</keepFiles>
  </log>
</service>
`;
}
