/**
 * The state on disk, looked at without changing it (keyform's next run does the recovery): the file parses, its
 * lineage is the one the scenario started with, a journal beside it can be folded in rather than set aside.
 */
import { readFileSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import { LocalBackend, loadKey, parseStateText, type State } from '../../../src/state/index.js';

export interface StateLook {
  /** Undefined when there is no state file yet. */
  lineage?: string;
  serial?: number;
  /** A journal was found beside the state; its outcome had keyform read it now. */
  journal?: 'recovered' | 'already-committed' | 'orphaned';
  journalSteps?: number;
  /** The state keyform would start from (the journal folded in), tokens decrypted. */
  state?: State;
  /** Why the state counts as corrupted: unreadable, another lineage, or a journal that would be set aside. */
  problems: string[];
}

export async function lookAtState(dir: string, env: NodeJS.ProcessEnv, expectedLineage?: string): Promise<StateLook> {
  const path = join(dir, 'keyform.tfstate');
  const look: StateLook = { problems: [] };
  if (existsSync(path)) {
    try {
      const file = parseStateText(readFileSync(path, 'utf8'), path);
      look.lineage = file.lineage;
      look.serial = file.serial;
      if (expectedLineage !== undefined && file.lineage !== expectedLineage) look.problems.push(`lineage changed: ${expectedLineage} → ${file.lineage}`);
    } catch (err) {
      look.problems.push(`the state file does not parse: ${(err as Error).message}`);
      return look;
    }
  } else if (expectedLineage !== undefined) {
    look.problems.push('the state file is gone');
  }
  try {
    const loaded = await new LocalBackend(path, { key: await loadKey(dir, env) }).load({ recover: false });
    if (loaded.state) look.state = loaded.state;
    if (loaded.recovery) {
      look.journal = loaded.recovery.outcome;
      look.journalSteps = loaded.recovery.steps;
      if (loaded.recovery.outcome === 'orphaned') look.problems.push(`the journal would be set aside: ${loaded.recovery.reason ?? ''}`);
    }
    if (expectedLineage !== undefined && look.state && look.state.lineage !== expectedLineage) {
      look.problems.push(`the recovered state has another lineage: ${look.state.lineage}`);
    }
  } catch (err) {
    look.problems.push(`the state cannot be read with its key: ${(err as Error).message}`);
  }
  return look;
}

/** The key instances of a state: canonical, status, and the decrypted token. */
export interface StateKeyEntry {
  address: string;
  status?: string;
  attributes: Record<string, unknown>;
}

export function stateKeys(state: State | undefined): StateKeyEntry[] {
  const out: StateKeyEntry[] = [];
  for (const r of state?.resources ?? []) {
    for (const i of r.instances) {
      const address = `${r.type}.${r.name}${i.index_key === undefined ? '' : `[${JSON.stringify(i.index_key)}]`}`;
      out.push({ address, ...(i.status ? { status: i.status } : {}), attributes: i.attributes as Record<string, unknown> });
    }
  }
  return out;
}
