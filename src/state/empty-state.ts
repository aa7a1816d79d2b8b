/** A state with no resources and no outputs: the starting point of a new history (serial 0, a fresh lineage). */
import { randomUUID } from 'node:crypto';
import { STATE_VERSION, type State } from './types.js';

/** What `terraform_version` records: the writer, so a reader can tell keyform's states apart. */
export const KEYFORM_WRITER = 'keyform 0.1.0';

export function emptyState(lineage: string = randomUUID()): State {
  return { version: STATE_VERSION, terraform_version: KEYFORM_WRITER, serial: 0, lineage, outputs: {}, resources: [], check_results: null };
}
