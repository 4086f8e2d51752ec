import { z } from 'zod';

/**
 * A mitigating control that excepts one rule for one subject until a date. The reason must say
 * something (cdk-nag's lesson: one-word justifications are not justifications).
 */
export const ExceptionEntry = z
  .object({
    id: z.string().min(1).describe('Unique id of the exception, e.g. EXC-2026-014.'),
    rule: z.string().min(1).describe('Rule id the exception applies to.'),
    subject: z.string().min(1).describe('Subject id (person, account, tool or source) the exception applies to.'),
    zones: z.array(z.string()).optional().describe('Only findings with exactly these zones (any when omitted).'),
    reason: z.string().min(20, 'a reason of at least 20 characters: say what mitigates the risk'),
    approver: z.string().min(1),
    ticket: z.string().min(1),
    expires: z.iso.date('a date such as 2027-03-31').describe('Last day the exception applies (in the configured time zone).'),
  })
  .strict();
export type ExceptionEntry = z.infer<typeof ExceptionEntry>;

export const ExceptionsFile = z.object({ exceptions: z.array(ExceptionEntry) }).strict();
