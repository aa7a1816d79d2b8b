/** A mistake on the command line: reported as `keyform: <message>` with exit code 1. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}
