/**
 * An error in what the user gave us (configuration, policy, snapshot, CSV, flags): exit code 2.
 * `where` names the file and, when known, line/column and the path inside the document.
 */
export class InputError extends Error {
  constructor(
    message: string,
    readonly where: { file?: string; line?: number; column?: number; path?: string } = {},
    readonly hint?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }

  /** One line per problem, as printed by the CLI. */
  render(): string {
    const loc = [this.where.file, this.where.line, this.where.column].filter((x) => x !== undefined).join(':');
    const path = this.where.path ? ` at ${this.where.path}` : '';
    const head = loc ? `${loc}${path}: ` : path ? `${path.trim()}: ` : '';
    return `${head}${this.message}${this.hint ? `\n  hint: ${this.hint}` : ''}`;
  }
}

/** Several input errors found in one pass (all problems of a file are reported at once). */
export class InputErrors extends Error {
  constructor(readonly errors: InputError[]) {
    super(errors.map((e) => e.render()).join('\n'));
    this.name = 'InputErrors';
  }
}

export const errorMessage = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** The errno code of a failed file operation (ENOENT, EACCES, ...), or its message when it has none. */
export const fileErrorCode = (e: unknown): string => (e as NodeJS.ErrnoException | undefined)?.code ?? errorMessage(e);
