// Validation problems in the words the wizard shows on each field ("Choose the column that identifies each contact"), never schema paths.
import { z } from 'zod';

/** One problem on one field: where it is (for the UI to place it) and what to do, in words. */
export interface FieldProblem { path: Array<string | number>; message: string }

/** What each field is called, and the sentence that says how to fill it, by its path without list positions. */
const FIELDS: Record<string, { label: string; fix: string }> = {
  'id': { label: 'Integration id', fix: 'Give the integration an id of 1 to 40 lower-case letters, digits and "-", such as "acme-crm".' },
  'displayName': { label: 'Integration name', fix: 'Give the integration a name, such as "Acme CRM".' },
  'connection': { label: 'Database', fix: 'Fill in the database settings.' },
  'connection.dialect': { label: 'Database type', fix: 'Choose the type of database.' },
  'connection.filename': { label: 'Database file', fix: 'Type the full path of the database file, such as /home/office/crm.sqlite.' },
  'connection.host': { label: 'Host', fix: 'Type the name or address of the database server.' },
  'connection.port': { label: 'Port', fix: 'Type the port the database listens on, a number from 1 to 65535.' },
  'connection.database': { label: 'Database', fix: 'Type the name of the database that holds your customers.' },
  'connection.user': { label: 'User', fix: 'Type the database user Deskbridge logs in as.' },
  'connection.password': { label: 'Password', fix: 'Type the password of the database user, then test the connection.' },
  'connection.domain': { label: 'Windows domain', fix: 'Type the Windows domain alone, such as OFFICE.' },
  'connection.timeZone': { label: 'Time zone', fix: 'Choose the time zone the database\'s dates are in, such as Europe/Lisbon.' },
  'contacts': { label: 'Contacts', fix: 'Choose where contacts come from and how they are filled.' },
  'contacts.source': { label: 'Contacts come from', fix: 'Choose the table or view contacts come from.' },
  'contacts.source.table': { label: 'Table or view', fix: 'Choose the table or view contacts come from.' },
  'contacts.source.sql': { label: 'SELECT query', fix: 'Write the SELECT query contacts come from.' },
  'contacts.source.where': { label: 'Rows left out', fix: 'Check the rows left out: a comparison needs a column and a value.' },
  'contacts.key': { label: 'Key column', fix: 'Choose the column that identifies each contact.' },
  'contacts.checkpoint': { label: 'Checkpoint column', fix: 'Choose the column that changes whenever a contact changes, such as updated_at.' },
  'contacts.phoneRegion': { label: 'Phone region', fix: 'Type the two-letter country code of numbers written without +country, such as US or PT.' },
  'contacts.fields': { label: 'Talkdesk fields', fix: 'Choose how the Talkdesk fields are filled.' },
  'contacts.fields.name': { label: 'Name', fix: 'Choose the column that holds the contact\'s name, or a template such as "{first_name} {last_name}".' },
  'interactions': { label: 'Interaction type', fix: 'Check this interaction type.' },
  'interactions.type': { label: 'Type name', fix: 'Name this interaction type with a-z, 0-9 and "_", such as ticket or note.' },
  'interactions.source': { label: 'Comes from', fix: 'Choose the table or view this interaction type comes from.' },
  'interactions.source.table': { label: 'Table or view', fix: 'Choose the table or view this interaction type comes from.' },
  'interactions.source.sql': { label: 'SELECT query', fix: 'Write the SELECT query this interaction type comes from.' },
  'interactions.contactKey': { label: 'Column holding the contact\'s key', fix: 'Choose the column that says which contact each row belongs to.' },
  'interactions.fields.id': { label: 'Id', fix: 'Choose the column that identifies each row.' },
  'interactions.fields.subject': { label: 'Subject', fix: 'Choose the column that holds the subject, or a template.' },
  'interactions.fields.date': { label: 'Date', fix: 'Choose the column that holds the date.' },
  'interactions.values': { label: 'Values', fix: 'Give each value a Talkdesk status or priority.' },
  'actions': { label: 'Action', fix: 'Check this action.' },
  'actions.name': { label: 'Name', fix: 'Name the action with a-z, 0-9 and "_", such as log_call.' },
  'actions.display': { label: 'Shown as', fix: 'Say how Talkdesk shows this action, such as "Log a call".' },
  'actions.scoping': { label: 'Available in', fix: 'Choose where Talkdesk offers this action.' },
  'actions.inputs.key': { label: 'Input key', fix: 'Give the input a key of letters, digits and "_", such as subject.' },
  'actions.inputs.name': { label: 'Input label', fix: 'Give the input the label agents see, such as "Subject".' },
  'actions.inputs.type': { label: 'Input type', fix: 'Choose the input\'s type.' },
  'actions.insert.table': { label: 'Table it inserts into', fix: 'Choose the table this action inserts into.' },
  'actions.insert.values': { label: 'Columns it writes', fix: 'Choose at least one column this action writes, with its value.' },
  'agents.source': { label: 'Agents come from', fix: 'Choose the table or view agents come from.' },
  'agents.fields.id': { label: 'Agent id', fix: 'Choose the column that identifies each agent.' },
  'agents.fields.name': { label: 'Agent name', fix: 'Choose the column that holds each agent\'s name.' },
  'agents.fields.email': { label: 'Agent e-mail', fix: 'Choose the column that holds each agent\'s e-mail: Talkdesk matches agents by it.' },
  'contactKey': { label: 'Contact key', fix: 'Type the key of a contact to preview.' },
  'allowIps': { label: 'Allowed source addresses', fix: 'Write one IP address or range per line, such as 203.0.113.0/24.' },
  // The Go live page's tunnel settings (the profile's `tunnel`).
  'tunnel.host': { label: 'SSH server', fix: 'Type the name or address of the SSH server, such as bridge.example.com.' },
  'tunnel.port': { label: 'Port', fix: 'Type the SSH server\'s port, a number from 1 to 65535 (usually 22).' },
  'tunnel.user': { label: 'User', fix: 'Type the user Deskbridge logs in to the SSH server as.' },
  'tunnel.hostKey': { label: 'Host key', fix: 'Fetch the SSH server\'s host key ("Fetch host key") and confirm it matches the server\'s.' },
  'tunnel.remotePort': { label: 'Remote port', fix: 'Type the server\'s port that forwards here, a number from 1 to 65535.' },
  'tunnel.publicUrl': { label: 'Public URL', fix: 'Type the https URL the server\'s reverse proxy serves for the remote port.' },
  'tunnel.authtoken': { label: 'ngrok authtoken', fix: 'Paste the authtoken from the ngrok dashboard (dashboard.ngrok.com).' },
  'tunnel.url': { label: 'Public URL', fix: 'Type the https URL the office publishes this computer at.' },
};

/** The request bodies of previews name one interaction or action: read as the profile's lists. */
const SINGULAR: Record<string, string> = { interaction: 'interactions', action: 'actions' };

/** The path inside an integration: a profile's `integrations[n].` prefix dropped. */
function withinIntegration(path: ReadonlyArray<PropertyKey>): PropertyKey[] {
  return path[0] === 'integrations' && typeof path[1] === 'number' ? path.slice(2) : [...path];
}

function fieldOf(path: ReadonlyArray<PropertyKey>): { label: string; fix: string } | undefined {
  const names = withinIntegration(path).filter((part) => typeof part === 'string').map((part) => SINGULAR[part] ?? part);
  for (let length = names.length; length > 0; length -= 1) {
    const field = FIELDS[names.slice(0, length).join('.')];
    if (field) return field;
  }
  return undefined;
}

/** "phoneRegion" → "phone region": a name the dictionary lacks, still readable. */
function wordsOf(name: string): string {
  return name.replace(/([a-z])([A-Z])/g, '$1 $2').replace(/_/g, ' ').toLowerCase();
}

function sentence(text: string): string {
  const trimmed = text.trim();
  const capital = trimmed.charAt(0).toUpperCase() + trimmed.slice(1);
  return /[.!?]$/.test(capital) ? capital : `${capital}.`;
}

/** The plain words for one schema issue. */
function plainMessage(issue: z.core.$ZodIssue): string {
  const field = fieldOf(issue.path);
  const last = [...issue.path].reverse().find((part) => typeof part === 'string');
  const label = field?.label ?? (last === undefined ? 'This setting' : sentence(wordsOf(String(last))).slice(0, -1));
  switch (issue.code) {
    case 'unrecognized_keys':
      return `Deskbridge does not know the setting${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')} here: remove ${issue.keys.length > 1 ? 'them' : 'it'}.`;
    case 'custom':
      // Our own refinements are written in words already, except the bare "required…" and "expected…" ones, and those
      // that say what the value must be ("must start with https://…"), which read with the field's name before them.
      if (/^(required|expected)\b/.test(issue.message) && field) return field.fix;
      if (/^(must|is) /.test(issue.message)) return sentence(`${label} ${issue.message}`);
      return sentence(issue.message.replace(/^expected /, 'Use '));
    case 'invalid_value':
      return field?.fix ?? `${label}: choose one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}.`;
    case 'invalid_format':
      return field?.fix ?? sentence(`${label}: ${issue.message.replace(/^expected /, 'use ')}`);
    default: {
      const missing = issue.code === 'invalid_type' || (issue.code === 'too_small' && issue.origin === 'string' && Number(issue.minimum) <= 1);
      return field?.fix ?? `${label}: ${missing ? 'fill this in' : 'this value is not accepted'}.`;
    }
  }
}

/** Each problem placed on its field with what to do; one per field, in the order they were found. */
export function plainProblems(error: z.ZodError): FieldProblem[] {
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  for (const issue of error.issues) {
    const path = issue.path.map((part) => (typeof part === 'number' ? part : String(part)));
    const at = JSON.stringify(path);
    if (seen.has(at)) continue;
    seen.add(at);
    problems.push({ path, message: plainMessage(issue) });
  }
  return problems;
}

/** The one-line summary an error answer carries: the first thing to fix and how many more. */
export function summaryOf(problems: FieldProblem[]): string {
  const [first, ...rest] = problems;
  if (!first) return 'Something is not filled in correctly.';
  return rest.length === 0 ? first.message : `${first.message} (and ${rest.length} more to fix)`;
}
