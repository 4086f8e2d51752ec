/**
 * What a failed file operation means to the user. A path that cannot be opened is a usage error
 * (exit 2: fix the path or its permissions); a device that runs out of space or fails mid-write is a
 * fault (exit 3: the run could not finish what it was asked to write).
 */
const USAGE: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory, expected a file',
  ENOTDIR: 'a part of the path is not a directory',
  EEXIST: 'already exists',
  ELOOP: 'too many symbolic links',
  ENAMETOOLONG: 'name too long',
  EROFS: 'read-only file system',
  ENOTEMPTY: 'directory is not empty',
};

const FAULT: Record<string, string> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large (a file-size limit was reached)',
  EIO: 'input/output error',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
};

export interface FileFault {
  kind: 'usage' | 'fault';
  code: string;
  text: string;
  path?: string;
}

/** Classifies an errno error (with or without a path), or undefined when it is not one. */
export function fileFault(e: unknown): FileFault | undefined {
  const err = e as (NodeJS.ErrnoException & { dest?: string }) | undefined;
  const code = typeof err?.code === 'string' ? err.code : undefined;
  if (!code) return undefined;
  const path = typeof err?.path === 'string' ? err.path : undefined;
  if (USAGE[code]) return { kind: 'usage', code, text: USAGE[code], path };
  if (FAULT[code]) return { kind: 'fault', code, text: FAULT[code], path };
  return undefined;
}

/** An errno error that happened while writing `path` (streams often lose the path on the way). */
export class FileWriteError extends Error {
  constructor(
    readonly path: string,
    cause: unknown,
  ) {
    const f = fileFault(cause);
    super(`cannot write ${path}: ${f ? `${f.text} (${f.code})` : cause instanceof Error ? cause.message : String(cause)}`, { cause });
    this.name = 'FileWriteError';
  }
  get kind(): 'usage' | 'fault' {
    return fileFault(this.cause)?.kind ?? 'fault';
  }
}
