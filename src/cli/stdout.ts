/**
 * stdout may be a pipe whose reader stops early (`demarc audit -f json | head`). That is not an error
 * of the run: further output is dropped quietly, and the command still finishes what it was asked to
 * write to files (evidence, snapshot, baseline) and exits with its own code.
 */
let closed = false;

export const stdoutClosed = (): boolean => closed;

const isBrokenPipe = (e: unknown): boolean => {
  const code = (e as NodeJS.ErrnoException | undefined)?.code;
  return code === 'EPIPE' || code === 'ERR_STREAM_DESTROYED';
};

export function guardStdout(stream: NodeJS.WriteStream = process.stdout): void {
  stream.on('error', (e) => {
    if (isBrokenPipe(e)) closed = true;
    else throw e;
  });
}

/** Writes to stdout, resolving (not rejecting) when the reader has gone away. */
export function writeStdout(text: string, stream: NodeJS.WriteStream = process.stdout): Promise<void> {
  if (closed) return Promise.resolve();
  return new Promise<void>((res, rej) => {
    const buffered = stream.write(text, (e) => {
      if (!e) res();
      else if (isBrokenPipe(e)) {
        closed = true;
        res();
      } else rej(e);
    });
    // Accepted without back-pressure: done as far as we are concerned (a later error reaches guardStdout).
    if (buffered) res();
  });
}

/** Writes pieces to stdout about a mebibyte at a time, waiting when the reader is slower; stops quietly once it has gone. */
export async function writeStdoutChunks(chunks: Iterable<string>, stream: NodeJS.WriteStream = process.stdout): Promise<void> {
  let batch: string[] = [];
  let size = 0;
  for (const c of chunks) {
    if (closed) return;
    batch.push(c);
    size += c.length;
    if (size >= 1 << 20) {
      await writeStdout(batch.join(''), stream);
      batch = [];
      size = 0;
    }
  }
  if (size > 0) await writeStdout(batch.join(''), stream);
}
