/**
 * "Permission changes": the security view of the plan (cloudformation-diff's IAM changes). Per address, the
 * rules granted and revoked, a loud line per finding that broadens permissions, and a soft note when they narrow.
 */
import type { ResourceChange } from '../plan/types.js';
import type { Rule } from '../permissions/index.js';
import { deposedLabel } from '../state/address.js';
import { ACTION_WORDS } from './action-words.js';
import type { Palette } from './ansi.js';
import { safeLine } from './safe-text.js';

/** `organization:credential:read on organization:acme:credential:cy-*`, or `… on every entity`. */
export function ruleText(rule: Rule): string {
  const resources = Array.isArray(rule.resources) ? rule.resources : [];
  const on = resources.length > 0 ? resources.join(', ') : 'every entity';
  const effect = rule.effect === 'allow' ? '' : ` (effect: ${String(rule.effect)})`;
  return safeLine(`${String(rule.action)} on ${on}${effect}`);
}

export const NARROWED = 'permissions narrowed: some of what was granted before is no longer granted';

/** Changes whose security view adds or removes rules. */
export const securityChanges = (changes: readonly ResourceChange[]): ResourceChange[] =>
  changes.filter((c) => c.action !== 'no-op' && c.security !== undefined && c.security.added.length + c.security.removed.length > 0);

export function securitySection(changes: readonly ResourceChange[], pal: Palette): string[] {
  const shown = securityChanges(changes);
  if (shown.length === 0) return [];
  // The styled pieces every change's lines start with, made once.
  const granted = `    ${pal.green('+')} `;
  const revoked = `    ${pal.red('-')} `;
  const broadened = `    ${pal.boldRed('! permissions broadened')}`;
  const narrowed = `    ${pal.dim(NARROWED)}`;
  const out = [pal.bold('Permission changes:')];
  for (const c of shown) {
    const s = c.security!;
    out.push('', `  ${pal.bold(safeLine(deposedLabel(c.address, c.deposed)))} (${ACTION_WORDS[c.action].header}):`);
    for (const r of s.added) out.push(`${granted}${ruleText(r)}`);
    for (const r of s.removed) out.push(`${revoked}${ruleText(r)}`);
    for (const f of s.findings) out.push(`    ${pal.boldRed(`! permissions broadened: ${safeLine(f.message)}`)}`);
    if (s.broadened && s.findings.length === 0) out.push(broadened);
    if (s.narrowed) out.push(narrowed);
  }
  return out;
}
