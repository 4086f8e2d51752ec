import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { z } from 'zod';
import { InputError, fileErrorCode } from './errors.js';

/**
 * Where a secret comes from: an environment variable or a file, never the configuration itself,
 * so configurations can be committed and shared.
 */
export const SecretRef = z
  .object(
    {
      env: z.string().min(1).optional().describe('Name of the environment variable holding the secret.'),
      file: z.string().min(1).optional().describe('Path of a file holding the secret (trailing newline ignored).'),
    },
    {
      // The value itself is never repeated in the message: it may be the real secret.
      error: (issue) =>
        issue.code === 'invalid_type' && typeof issue.input === 'string'
          ? 'a secret is not written in the configuration: give it as { env: VARIABLE_NAME } (an environment variable) or { file: path } (a file holding it)'
          : undefined,
    },
  )
  .strict()
  .refine((s) => (s.env ? 1 : 0) + (s.file ? 1 : 0) === 1, { message: 'give exactly one of env or file' });
export type SecretRef = z.infer<typeof SecretRef>;

export async function readSecret(
  ref: SecretRef,
  what: string,
  ctx: { baseDir: string; env: Record<string, string | undefined> },
): Promise<string> {
  if (ref.env) {
    const v = ctx.env[ref.env];
    if (v === undefined || v === '') {
      throw new InputError(`${what}: environment variable ${ref.env} is not set`, {}, `export ${ref.env}=... before running`);
    }
    return v;
  }
  const path = resolve(ctx.baseDir, ref.file!);
  try {
    return (await readFile(path, 'utf8')).replace(/\r?\n$/, '');
  } catch (e) {
    throw new InputError(`${what}: cannot read secret file: ${fileErrorCode(e)}`, { file: path });
  }
}

/** Replace every occurrence of the given secrets in a text that may be shown or stored. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const s of secrets) if (s.length >= 4) out = out.split(s).join('[redacted]');
  return out;
}
