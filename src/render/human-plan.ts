/**
 * The plan for people, Terraform-style: drift found since the last apply, the symbol legend, one block per
 * change with its reason, the permission changes, the summary line, the outputs, then warnings. Reads the Plan;
 * decides nothing.
 */
import { hasErrors } from '../diagnostics.js';
import { deposedLabel } from '../state/address.js';
import { summarize, type Plan, type ResourceChange } from '../plan/types.js';
import { ACTION_WORDS, LEGEND_ORDER } from './action-words.js';
import { palette, type Palette } from './ansi.js';
import { colourMarker, DiffLines } from './diff-line.js';
import { driftSection } from './drift-section.js';
import { renderDiagnostics } from './human-diagnostics.js';
import { outputsSection } from './outputs-section.js';
import { changeBlock } from './resource-block.js';
import { safeLine } from './safe-text.js';
import { securitySection } from './security-section.js';
import { sensitiveLookup } from './sensitive.js';
import { summaryText } from './summary-text.js';
import { wrap } from './wrap.js';

export interface RenderOptions {
  color: boolean;
  /** Terminal width, for prose and rules (default 80). The diff itself is never wrapped. */
  width?: number;
  /** The plan is about to be applied: drift found is recorded in the state by this apply, whatever else it does. */
  applying?: boolean;
}

function legend(changes: readonly ResourceChange[], pal: Palette): string[] {
  const actions = new Set<ResourceChange['action']>();
  for (const c of changes) actions.add(c.action);
  const used = LEGEND_ORDER.filter((a) => actions.has(a));
  return [
    'Resource actions are indicated with the following symbols:',
    ...used.map((a) => {
      const symbol = ACTION_WORDS[a].symbol;
      return `${' '.repeat(3 - symbol.length)}${colourMarker(symbol, pal)} ${ACTION_WORDS[a].legend}`;
    }),
  ];
}

/** The block of one change, with its header and reason: one text of many lines. */
function changeText(c: ResourceChange, sensitive: ReadonlySet<string>, pal: Palette): string {
  const out = new DiffLines(pal);
  out.line(pal.bold(`  # ${safeLine(deposedLabel(c.address, c.deposed))} ${ACTION_WORDS[c.action].header}`));
  if (c.reason) out.line(`  # (${safeLine(c.reason)})`);
  changeBlock(out, c, sensitive);
  return out.text;
}

function noChanges(plan: Plan, pal: Palette, width: number, applying: boolean): string[] {
  const [headline, detail] =
    plan.mode === 'refresh-only'
      ? ['Your API keys still match the configuration.', 'keyform has checked that the real remote objects still match the result of your most recent changes, and found no differences.']
      : plan.mode === 'destroy'
        ? ['No API keys need to be destroyed.', 'Either you have not created any API keys yet or the existing ones were already deleted outside of keyform.']
        : ['Your API keys match the configuration.', 'keyform has compared your real API keys against your configuration and found no differences, so no changes are needed.'];
  const out = [`${pal.boldGreen('No changes.')} ${pal.bold(headline)}`, '', ...wrap(detail, width)];
  if (plan.mode !== 'refresh-only' && plan.drift.length > 0) {
    const hint = applying
      ? 'Your configuration already matches the changes detected above: this apply records them in the keyform state, and changes no API key.'
      : "Your configuration already matches the changes detected above. If you'd like to update the keyform state to match, create and apply a refresh-only plan.";
    out.push('', ...wrap(hint, width));
  }
  return out;
}

/** The whole plan as text, ending with a newline. */
export function renderPlan(plan: Plan, opts: RenderOptions): string {
  return [...renderPlanChunks(plan, opts)].join('');
}

/**
 * The same text in pieces (a section, or one change's block, at a time), so that a plan of thousands of changes is
 * written out as it is rendered rather than held whole.
 */
export function* renderPlanChunks(plan: Plan, opts: RenderOptions): Generator<string> {
  const pal = palette(opts.color);
  const width = Math.max(20, opts.width ?? 80);
  const diagOpts = { color: opts.color, width };
  if (hasErrors(plan.diagnostics)) {
    const head = wrap('Planning failed. keyform encountered an error while generating this plan.', width).join('\n');
    yield `${head}\n\n${renderDiagnostics(plan.diagnostics, diagOpts)}`;
    return;
  }
  const sensitiveOf = sensitiveLookup(plan);
  const changes = plan.changes.filter((c) => c.action !== 'no-op');
  const outputs = plan.outputs.filter((o) => o.action !== 'no-op');
  // Sections are separated by a blank line; `section` yields one with its separator.
  let first = true;
  function section(lines: readonly string[]): string {
    const text = `${first ? '' : '\n\n'}${lines.join('\n')}`;
    first = false;
    return text;
  }
  if (plan.drift.length > 0) {
    yield section(driftSection(plan.drift, plan.mode, sensitiveOf, pal, width));
    if (plan.mode !== 'refresh-only') yield section([pal.dim('─'.repeat(width))]);
  }
  if (plan.mode === 'refresh-only') {
    if (plan.drift.length === 0) yield section(noChanges(plan, pal, width, opts.applying === true));
  } else if (changes.length === 0 && outputs.length === 0) {
    yield section(noChanges(plan, pal, width, opts.applying === true));
  } else if (changes.length > 0) {
    yield section(legend(changes, pal));
    yield section(['keyform will perform the following actions:']);
    for (const c of changes) yield section([changeText(c, sensitiveOf(c.address), pal)]);
    const security = securitySection(changes, pal);
    if (security.length > 0) yield section(security);
    yield section([`${pal.bold('Plan:')} ${summaryText(summarize(plan))}`]);
  }
  const outputLines = outputsSection(outputs, pal);
  if (outputLines.length > 0) {
    yield section(outputLines);
    if (changes.length === 0 && plan.mode !== 'refresh-only') {
      yield section(wrap('You can apply this plan to save these new output values to the keyform state, without changing any API keys.', width));
    }
  }
  yield '\n';
  if (plan.diagnostics.length > 0) yield `\n${renderDiagnostics(plan.diagnostics, diagOpts)}`;
}
