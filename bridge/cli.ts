#!/usr/bin/env node
// The deskbridge command: dispatches to a command module; the only place that exits the process.
import { toPublicError } from './errors.js';
import { emit, note } from './commands/output.js';

const USAGE = `Usage: deskbridge <command> [options]

Commands:
  serve            Run the bridge headless (prints {"event":"ready",…} first)
                   [--public-port N] [--admin-port N] [--host 127.0.0.1] [--no-tunnel]
                   [--public-processes auto|N] (processes answering Talkdesk, default 1; auto: one per core, at most 4)
                   [--update-url URL] (say when the update server has a newer version; or DESKBRIDGE_UPDATE_URL)
                   [--admin-token-sha256 HEX] (also accept the admin token with this SHA-256: the desktop app's, for a service)
  demo             (Re)create the embedded demo CRM database [--contacts N]
  api-key create   Create an API key for an integration, printed once: --integration ID [--label TEXT]
  api-key list     List API keys [--integration ID]
  api-key revoke   Revoke a key at once: ID
  secret set NAME  Store a secret (database password…) read from standard input, encrypted
  secret list      List stored secret names
  export           Write the profile, secrets, API keys and sync-token key to an encrypted bundle:
                   --out FILE [--force]; the passphrase (12 characters or more) is read from standard input
  import FILE      Restore a bundle made by export (passphrase on standard input) [--replace]
  talkdesk-config  Print the Talkdesk configuration to paste [--integration ID] [--base-url https://…] [--connections]
                   [--insecure-for-testing] (allows an http:// base URL on loopback, for tests)
  service install  Run the headless bridge as a system service (systemd, launchd, Windows); needs admin rights
                   [--admin-port N --admin-token-sha256 HEX] (a fixed admin port and the desktop app's token hash)
                   [--import FILE --passphrase-file FILE] (start it with an exported bundle's integration)
  service uninstall  Remove it; asks whether to keep its data folder (default: keep) [--keep-data|--remove-data]
  service status   Whether the service is installed and running
  service print    Print the service definition [--platform linux|darwin|win32]
  diagnostics      Write a diagnostics bundle (zip, credentials removed) with live checks [--out FILE] [--clock-url URL]
  propose          Read a database and propose an integration, with the reason for each choice:
                   --connection '{"dialect":…}' (as in the profile) [--id ID]

Every command takes --data-dir DIR (default: the per-user application data folder)
and --profile FILE (default: profile.json in the data directory).`;

type Command = (args: string[]) => Promise<number>;

/** Each command loads only what it needs: "service status", which the desktop app runs at every start, stays quick. */
const COMMANDS: Record<string, () => Promise<Command>> = {
  serve: async () => (await import('./commands/serve.js')).serve,
  demo: async () => (await import('./commands/demo.js')).demo,
  'api-key': async () => (await import('./commands/api-key.js')).apiKey,
  secret: async () => (await import('./commands/secret.js')).secret,
  'talkdesk-config': async () => (await import('./commands/talkdesk-config.js')).talkdeskConfig,
  export: async () => (await import('./commands/bundle.js')).exportBundle,
  import: async () => (await import('./commands/bundle.js')).importBundle,
  diagnostics: async () => (await import('./commands/diagnostics.js')).diagnostics,
  service: async () => (await import('./commands/service.js')).service,
  propose: async () => (await import('./commands/propose.js')).propose,
};

async function main(argv: string[]): Promise<number> {
  const [command, ...args] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return command ? 0 : 2;
  }
  const load = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!load) {
    note(`deskbridge: unknown command "${command}"\n\n${USAGE}`);
    return 2;
  }
  try {
    const run = await load();
    return await run(args);
  } catch (error) {
    const { body } = toPublicError(error);
    // Usage errors from node:util parseArgs carry a code of their own.
    const code = (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 'invalid_argument' : body.error.code;
    const message = code === 'invalid_argument' && error instanceof Error ? error.message : body.error.message;
    emit({ event: 'error', code, message });
    note(`deskbridge: ${message}`);
    if (code === 'internal') note(String((error as Error)?.stack ?? error));
    return code === 'invalid_argument' ? 2 : 1;
  }
}

process.exitCode = await main(process.argv.slice(2));
