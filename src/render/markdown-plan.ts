/**
 * The plan as a pull-request comment: the summary line, a table of changes with their reasons, the permissions
 * broadened (loudly) and the rule changes, the drift, the outputs, the diagnostics, and the full plan folded
 * away. Values never appear outside the folded human plan, which shows no secret either.
 */
import { hasErrors, location, type Diagnostic } from '../diagnostics.js';
import { summarize, type Plan } from '../plan/types.js';
import { deposedLabel } from '../state/address.js';
import { ACTION_WORDS } from './action-words.js';
import { driftHeader } from './drift-section.js';
import { renderPlan } from './human-plan.js';
import { summaryText } from './summary-text.js';
import { cell, code, codeCell, fenced, inline, table } from './markdown-text.js';
import { ruleText, securityChanges, NARROWED } from './security-section.js';

/** GitHub refuses comments over 65,536 characters; the folded plan is cut well before. */
const MAX_FOLDED_PLAN = 50_000;

function diagnosticsLines(diags: readonly Diagnostic[]): string[] {
  return diags.map((d) => {
    const where = location(d);
    const parts = [`**${d.severity === 'error' ? 'Error' : 'Warning'}:** ${inline(d.summary)}`];
    if (where !== '') parts.push(`(${code(where)})`);
    if (d.detail) parts.push(`— ${inline(d.detail)}`);
    return `- ${parts.join(' ')}`;
  });
}

function foldedPlan(plan: Plan): string[] {
  let text = renderPlan(plan, { color: false, width: 100 });
  if (text.length > MAX_FOLDED_PLAN) text = `${text.slice(0, MAX_FOLDED_PLAN)}\n… (cut: run keyform plan to see the rest)\n`;
  return ['<details><summary>Full plan</summary>', '', fenced(text, 'text'), '', '</details>'];
}

export function renderPlanMarkdown(plan: Plan): string {
  const out: string[] = [];
  const errored = hasErrors(plan.diagnostics);
  const changes = plan.changes.filter((c) => c.action !== 'no-op');
  const outputs = plan.outputs.filter((o) => o.action !== 'no-op');
  const title = plan.mode === 'refresh-only' ? 'keyform plan (refresh-only)' : plan.mode === 'destroy' ? 'keyform plan (destroy)' : 'keyform plan';
  if (errored) {
    out.push(`### ❌ ${title}: planning failed`, '', ...diagnosticsLines(plan.diagnostics));
    return `${out.join('\n')}\n`;
  }
  out.push(`### ${title}`, '');
  if (plan.mode === 'refresh-only') {
    out.push(plan.drift.length === 0
      ? '**No changes.** Your API keys still match the configuration.'
      : `**${plan.drift.length} object${plan.drift.length === 1 ? ' has' : 's have'} changed outside of keyform.** Applying this plan records them in the state without changing any API key.`);
  } else if (changes.length === 0 && outputs.length === 0) {
    out.push('**No changes.** Your API keys match the configuration.');
  } else {
    out.push(`**Plan:** ${summaryText(summarize(plan))}`);
  }
  if (changes.length > 0) {
    out.push('', ...table(['Address', 'Action', 'Reason'], changes.map((c) => [codeCell(deposedLabel(c.address, c.deposed)), cell(ACTION_WORDS[c.action].label), cell(c.reason)])));
  }
  const secured = securityChanges(changes);
  const broadened = secured.filter((c) => c.security!.broadened || c.security!.findings.length > 0);
  if (broadened.length > 0) {
    out.push('', '#### ⚠ Permissions broadened', '');
    for (const c of broadened) {
      const findings = c.security!.findings;
      if (findings.length === 0) out.push(`- ${code(deposedLabel(c.address, c.deposed))}: permissions broadened`);
      for (const f of findings) out.push(`- ${code(deposedLabel(c.address, c.deposed))}: ${inline(f.message)}`);
    }
  }
  if (secured.length > 0) {
    out.push('', '#### Permission changes');
    for (const c of secured) {
      const s = c.security!;
      const lines = [...s.added.map((r) => `+ ${ruleText(r)}`), ...s.removed.map((r) => `- ${ruleText(r)}`)];
      if (s.narrowed) lines.push(`# ${NARROWED}`);
      out.push('', `${code(deposedLabel(c.address, c.deposed))} (${ACTION_WORDS[c.action].header}):`, '', fenced(lines.join('\n'), 'diff'));
    }
  }
  if (plan.drift.length > 0) {
    out.push('', '#### Changed outside of keyform', '');
    out.push(...table(['Address', 'Drift', 'Details'], plan.drift.map((d) => [
      codeCell(deposedLabel(d.address, d.deposed)),
      cell(driftHeader(d.kind) + (d.changedAttributes.length > 0 ? ` (${d.changedAttributes.join(', ')})` : '')),
      cell(d.message),
    ])));
  }
  if (outputs.length > 0) {
    out.push('', '#### Changes to outputs', '');
    out.push(...table(['Output', 'Action'], outputs.map((o) => [codeCell(o.name), cell(o.action + (o.sensitive ? ' (sensitive)' : ''))])));
  }
  if (plan.diagnostics.length > 0) out.push('', '#### Warnings', '', ...diagnosticsLines(plan.diagnostics));
  if (changes.length > 0 || outputs.length > 0 || plan.drift.length > 0) out.push('', ...foldedPlan(plan));
  return `${out.join('\n')}\n`;
}
