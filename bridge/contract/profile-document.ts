// The whole profile document and the types the bridge, the UI and the desktop shell share; no Node imports.
import { z } from 'zod';
import {
  actionInputSchema, actionSchema, agentsSchema, connectionSchema, contactFieldsSchema, contactsSchema, integrationSchema,
  interactionSchema, phoneIndexSchema, secretRefSchema, sourceSchema,
} from './profile.js';
import { tunnelSchema, tunnelShapes } from './tunnel.js';

export const profileSchema = z.strictObject({
  version: z.literal(1),
  integrations: z.array(integrationSchema),
  tunnel: tunnelSchema.default({ provider: 'none' }),
}).superRefine((profile, context) => {
  const ids = profile.integrations.map((integration) => integration.id);
  ids.forEach((id, index) => {
    if (ids.indexOf(id) !== index) context.addIssue({ code: 'custom', path: ['integrations', index, 'id'], message: `duplicate integration id "${id}"` });
  });
});

/** The profile as the bridge holds and answers it: every default filled in. */
export type Profile = z.output<typeof profileSchema>;
/** The profile as the bridge accepts it: keys with a default may be left out. */
export type ProfileInput = z.input<typeof profileSchema>;
export type Integration = z.output<typeof integrationSchema>;
export type ConnectionSettings = z.output<typeof connectionSchema>;
export type Dialect = ConnectionSettings['dialect'];
export type SecretRef = z.output<typeof secretRefSchema>;
export type Source = z.output<typeof sourceSchema>;
export type ContactFields = z.output<typeof contactFieldsSchema>;
export type ContactFieldName = keyof ContactFields;
export type ContactsMapping = z.output<typeof contactsSchema>;
export type PhoneIndexSettings = Exclude<z.output<typeof phoneIndexSchema>, false>;
export type InteractionMapping = z.output<typeof interactionSchema>;
export type ActionConfig = z.output<typeof actionSchema>;
export type ActionInput = z.output<typeof actionInputSchema>;
export type AgentsMapping = z.output<typeof agentsSchema>;
export type TunnelConfig = z.output<typeof tunnelSchema>;
export type NgrokTunnel = z.output<typeof tunnelShapes.ngrok>;
export type SshTunnel = z.output<typeof tunnelShapes.ssh>;
export type LocaltunnelTunnel = z.output<typeof tunnelShapes.localtunnel>;

/** The pieces of a profile as the bridge accepts them (what the UI edits and sends): keys with a default may be left out. */
export type IntegrationInput = z.input<typeof integrationSchema>;
export type ConnectionInput = z.input<typeof connectionSchema>;
export type ContactsInput = z.input<typeof contactsSchema>;
export type InteractionInput = z.input<typeof interactionSchema>;
export type ActionConfigInput = z.input<typeof actionSchema>;
export type ActionInputInput = z.input<typeof actionInputSchema>;
export type AgentsInput = z.input<typeof agentsSchema>;
export type TunnelInput = z.input<typeof tunnelSchema>;
