/**
 * A mistake the user can fix (bad recipe, missing file, bad flag). The CLI prints only the
 * message (no stack trace) and exits with code 2.
 */
export class UserError extends Error {
  override readonly name = "UserError";
  constructor(
    message: string,
    /** Several problems found at once (e.g. every recipe error), each already formatted. */
    readonly problems: string[] = [message],
  ) {
    super(message);
  }
}

/** The run itself failed (accounting mismatch, a shard that cannot be processed...): exit 1. */
export class RunError extends Error {
  override readonly name = "RunError";
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message;
  return String(err);
}
