// The wizard's steps: their names, their addresses in the URL, and which part of the integration each one edits.
export const STEPS = ['Data source', 'Contacts', 'Interactions', 'Actions', 'Security', 'Go live'] as const;

/** "#/wizard/contacts": each step's part of the address. */
export const STEP_SLUGS = ['data-source', 'contacts', 'interactions', 'actions', 'security', 'go-live'] as const;

/** The integration's settings each step edits, by the first part of their path. */
const STEP_PARTS: ReadonlyArray<readonly string[]> = [['id', 'displayName', 'connection'], ['contacts'], ['interactions'], ['actions', 'agents'], ['auth', 'allowIps'], []];

/** The steps whose settings differ between two integrations (cleaned as saved): what a save would write. */
export function changedSteps(saved: Record<string, unknown>, draft: Record<string, unknown>): string[] {
  return STEPS.filter((_, step) => (STEP_PARTS[step] ?? []).some((part) => JSON.stringify(saved[part]) !== JSON.stringify(draft[part])));
}

/** The step that edits the setting at `path` ("interactions[0].fields.id" → 2); -1 for a setting no step edits. */
export function stepOf(path: string): number {
  const head = path.split(/[.[]/)[0] ?? '';
  return STEP_PARTS.findIndex((parts) => parts.includes(head));
}
