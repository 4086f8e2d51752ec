import { z } from 'zod';

export const SourceId = z
  .string()
  .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" and "-", starting with a letter or digit');

/** Fields every entry of `sources:` has; each connector extends this with its own. */
export const sourceConfigBase = z.object({
  id: SourceId.describe('Unique id of the source, used by zones, tools and findings.'),
  description: z.string().optional(),
});
