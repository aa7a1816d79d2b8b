/** A create found its canonical taken by a key it did not make: keyform leaves that key alone. */
import { KeyformError } from '../../diagnostics.js';

export class CanonicalTakenError extends KeyformError {
  readonly organization: string;
  readonly canonical: string;
  /** What differs from the create (`name`, `rules`, …), or empty when the key simply existed before. */
  readonly differences: string[];

  constructor(organization: string, canonical: string, differences: string[], cause?: unknown) {
    const why = differences.length > 0 ? `its ${differences.join('/')} differ${differences.length === 1 ? 's' : ''}` : 'it existed before';
    super(
      'CANONICAL_TAKEN',
      `a key with canonical ${canonical} already exists in organization ${organization} and was not made by this create (${why}): ` +
        `keyform will not touch it; import it (keyform import ADDRESS ${organization}/${canonical}) or choose another canonical`,
      cause === undefined ? undefined : { cause },
    );
    this.name = 'CanonicalTakenError';
    this.organization = organization;
    this.canonical = canonical;
    this.differences = differences;
  }
}
