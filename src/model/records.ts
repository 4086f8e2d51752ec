import { z } from 'zod';

/** A human, from the HR roster. Accounts are correlated to persons by configurable keys. */
export const Person = z.object({
  source: z.string().min(1),
  id: z.string().min(1),
  name: z.string(),
  email: z.string().optional(),
  upn: z.string().optional(),
  employeeId: z.string().optional(),
  department: z.string().optional(),
  title: z.string().optional(),
  status: z.enum(['active', 'leave', 'terminated']).default('active'),
  terminatedAt: z.iso.datetime({ offset: true }).optional(),
  transferredAt: z.iso.datetime({ offset: true }).optional(),
  attributes: z.record(z.string(), z.string()).optional(),
});
export type Person = z.infer<typeof Person>;

/** How an inventory entry names one of a tool's identities. */
export const ToolIdentityRef = z.object({
  source: z.string().optional().describe('Source id to look in; any source when omitted.'),
  ref: z.string().min(1).describe('Matched against id, appId, UPN, sAMAccountName, DN and name.'),
});

/** A monitoring product (SIEM, OT network monitor, EDR console) and the identities it runs as. */
export const Tool = z.object({
  source: z.string().min(1),
  id: z.string().min(1),
  name: z.string(),
  zone: z.string().min(1),
  vendor: z.string().optional(),
  identities: z.array(ToolIdentityRef).min(1),
});
export type Tool = z.infer<typeof Tool>;

/** An explicit account-to-person mapping row (overrides key-based correlation). */
export const AccountMapping = z.object({
  /** Absent when the account cell itself says `source:name`. */
  source: z.string().min(1).optional(),
  account: z.string().min(1),
  person: z.string().min(1),
  /** The mapping file's source and line, for messages. */
  record: z.object({ source: z.string().min(1), row: z.number().int().positive() }).optional(),
});
export type AccountMapping = z.infer<typeof AccountMapping>;

/**
 * Other record sets (authorisations, training, PRA, shared accounts, privilege catalogue):
 * validated by their own schemas where they are read, stored here as plain rows.
 */
export const RecordRow = z.object({
  source: z.string().min(1),
  set: z.string().min(1),
  row: z.number().int().positive().describe('Line of the row in the original file.'),
  values: z.record(z.string(), z.unknown()),
});
export type RecordRow = z.infer<typeof RecordRow>;
