/** Keys of deposed objects: 8 random hex digits, as Terraform makes them, never one the instance already uses. */
import { randomBytes } from 'node:crypto';
import { findDeposed } from './instances.js';
import type { DeposedKey, State } from './types.js';

export function newDeposedKey(state: State, address: string): DeposedKey {
  for (;;) {
    const key = randomBytes(4).toString('hex');
    if (!findDeposed(state, address, undefined, key)) return key;
  }
}
