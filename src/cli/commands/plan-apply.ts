/** plan, apply, destroy, refresh: the engine's main path. */
import { createInterface } from 'node:readline/promises';
import { changeLabel, stepText, type Phase } from '../../apply/executor.js';
import { KeyformError, type Diagnostic } from '../../diagnostics.js';
import { applyChanges, makePlan, type Connection } from '../../engine/operations.js';
import { readPlanFile, writePlanFile } from '../../engine/plan-file.js';
import type { Workspace } from '../../engine/workspace.js';
import { hasChanges, summarize, type Plan, type PlanMode, type ResourceChange } from '../../plan/types.js';
import type { ProviderEvent } from '../../provider/cycloid/index.js';
import {
  applyCompleteEvent,
  applyErroredEvent,
  applyStartEvent,
  changeSummaryEvent,
  createProgress,
  diagnosticEvent,
  eventLine,
  outputsEvent,
  planEvents,
  planToJson,
  renderPlanChunks,
  versionEvent,
} from '../../render/index.js';
import { deposedLabel, loadKey } from '../../state/index.js';
import { keyformVersion } from '../../version.js';
import { checkAddressArguments, parseCommandArgs, parseDuration, parsePositiveInt, planOptions, variableArguments } from '../options.js';
import { ask, io, printDiagnostics, PROMPT, withWorkspace, type Io } from '../run-context.js';
import { UsageError } from '../usage-error.js';
import { writeInBackground, writeText } from '../background-text.js';
import { onInterrupt, outputFailure } from '../interrupt.js';

type Kind = 'plan' | 'apply' | 'destroy' | 'refresh';

const USAGE: Record<Kind, string> = {
  plan: `Usage: keyform plan [options]

Shows what apply would change: refreshes the state from the Cycloid API, compares with the configuration, and
prints the changes with their reasons, drift found since the last run, and the permissions each change grants.

Options:
  --out FILE            save the plan to apply it exactly with 'keyform apply FILE'
  --detailed-exitcode   exit 0: no changes, 1: error, 2: changes present
  --json                the plan in the shape of 'terraform show -json'
  --refresh-only        only record drift into the state, change nothing remote
  --refresh=false       plan against the state without reading the API
  --replace ADDR        replace (re-create) this key: rotates its token; repeatable
  --target ADDR         limit the plan to ADDR and what it depends on; repeatable
  --destroy             plan the deletion of everything in the state
  --cdktf DIR           synthesize the CDKTF app in DIR (its cdktf.json) and plan each of its stacks,
                        each with its own state (KEYFORM_SYNTH_TIMEOUT: how long synthesis may take, default 2m)
  --lock-timeout 30s    wait this long for the state lock (default 0s)
  --chdir DIR           run in DIR
  --no-color            no colours (also NO_COLOR)
`,
  apply: `Usage: keyform apply [options] [PLANFILE]

Applies the changes: keys created, updated or replaced in dependency order, in parallel, each step recorded in the
state as it finishes. Without PLANFILE it plans first and asks for confirmation (or --auto-approve).

Options:
  --auto-approve        do not ask for confirmation
  --parallelism N       at most N API calls at once (default 10)
  --json                stream one JSON event per line
  --cdktf DIR           apply each stack of the CDKTF app in DIR (see plan --help)
  plus plan's --replace, --target, --refresh-only, --refresh=false, --lock-timeout, --chdir, --no-color
`,
  destroy: `Usage: keyform destroy [options]

Deletes every key in the state (their tokens are revoked). Same options as apply; with --cdktf DIR, the keys
of every stack of the CDKTF app, dependent stacks first.
`,
  refresh: `Usage: keyform refresh [options]

Reads every managed key from the API and records what changed outside keyform into the state
(the same as 'keyform apply --refresh-only --auto-approve').
`,
};

export const planCommand = (argv: string[]) => run('plan', argv);
export const applyCommand = (argv: string[]) => run('apply', argv);
export const destroyCommand = (argv: string[]) => run('destroy', argv);
export const refreshCommand = (argv: string[]) => run('refresh', argv);

async function run(kind: Kind, argv: string[]): Promise<number> {
  const { values, positionals } = parseCommandArgs(kind, argv, { ...planOptions, 'auto-approve': { type: 'boolean', default: false } } as const, kind === 'apply');
  if (values.help) {
    process.stdout.write(USAGE[kind]);
    return 0;
  }
  if (kind === 'plan' && values['auto-approve']) throw new UsageError('--auto-approve is for apply and destroy');
  if (values.refresh !== 'true' && values.refresh !== 'false') throw new UsageError(`--refresh: '${values.refresh}' must be true or false`);
  if (positionals.length > 1) throw new UsageError(`apply takes at most one plan file, got ${positionals.length} arguments`);
  const out = io(values['no-color']);
  const planFile = positionals[0];
  const mode: PlanMode = kind === 'destroy' || values.destroy ? 'destroy' : kind === 'refresh' || values['refresh-only'] ? 'refresh-only' : 'normal';
  const json = values.json ?? false;
  const parallelism = parsePositiveInt('--parallelism', values.parallelism!);
  const lockTimeoutMs = parseDuration('--lock-timeout', values['lock-timeout']!);
  checkAddressArguments('--target', values.target!);
  checkAddressArguments('--replace', values.replace!);
  if (planFile && (values.target!.length > 0 || values.replace!.length > 0 || values.destroy || values['refresh-only'])) {
    throw new UsageError('a saved plan is applied as it is: --target, --replace, --destroy and --refresh-only belong to the plan command');
  }
  if (values.cdktf !== undefined && (planFile || values.out || json || values.target!.length > 0 || values.replace!.length > 0)) {
    throw new UsageError('--cdktf runs the command on every stack of the app: a plan file, --out, --json, --target and --replace are not supported with it yet');
  }
  const retries = { count: 0 };
  const onEvent = (e: ProviderEvent) => {
    if (e.type === 'retry') retries.count++;
    if (!json && e.type === 'recreated-after-lost-response') {
      out.stderr.write(`Note: the answer to creating ${e.organization}/${e.canonical} was lost; the key was revoked and created again so its token is not lost\n`);
    }
  };
  if (json) out.stdout.write(eventLine(versionEvent(keyformVersion())));
  // The refresh (and, for a plan that may create keys, the policy codes it checks them against) starts once the lock is held.
  const prefetch = !planFile && values.refresh === 'true' && { policies: mode === 'normal' };
  const body = async (ws: Workspace, conn: Connection | undefined): Promise<number> => {
    let plan: Plan;
    if (planFile) {
      const key = await loadKey(ws.dir, process.env);
      plan = readPlanFile(planFile, key, ws.state, ws.configHash, ws.stateIsNew);
    } else {
      plan = await makePlan(ws, conn!, { mode, refresh: values.refresh === 'true', targets: values.target!, replace: values.replace! });
    }
    const errored = plan.diagnostics.some((d) => d.severity === 'error');
    if (kind === 'plan') {
      if (json) out.stdout.write(`${JSON.stringify(planToJson(plan), null, 2)}\n`);
      else writeText(out.stdout, renderPlanChunks(plan, { color: out.colorOut, width: out.stdout.columns }));
      if (errored) return 1;
      if (values.out) {
        writePlanFile(values.out, plan, await loadKey(ws.dir, process.env));
        if (!json) out.stdout.write(`\nSaved the plan to ${values.out}. Apply exactly these changes with: keyform apply ${values.out}\n`);
      }
      return values['detailed-exitcode'] && hasChanges(plan) ? 2 : 0;
    }
    // With nothing to change, an apply still records what refresh found (keys deleted or changed outside keyform),
    // so that after any apply the state is what the API holds, and which attributes the configuration makes
    // sensitive. No confirmation: no API key is touched.
    const recordsDrift = mode === 'normal' && plan.drift.length > 0;
    const recordsSensitivity = plan.changes.some((c) => c.sensitivityChanged?.length);
    const proceeds = !errored && (hasChanges(plan) || recordsDrift || recordsSensitivity);
    const asks = proceeds && !planFile && !values['auto-approve'] && kind !== 'refresh' && hasChanges(plan);
    const planText = () => renderPlanChunks(plan, { color: out.colorOut, width: out.stdout.columns, applying: true });
    // The plan is shown before any change, as Terraform does. When nobody has to read it first (--auto-approve), it is
    // written while the first calls go out, and what apply prints follows it — up to BACKGROUND_PLAN_LIMIT changes.
    let print: (text: string) => void = (text) => out.stdout.write(text);
    let printed: Promise<void> = Promise.resolve();
    const background = !planFile && proceeds && !asks && plan.changes.length <= BACKGROUND_PLAN_LIMIT;
    if (json) for (const e of planEvents(plan)) out.stdout.write(eventLine(e));
    else if (background) ({ write: print, done: printed } = writeInBackground(out.stdout, planText()));
    else if (!planFile) writeText(out.stdout, planText());
    if (errored) return 1;
    if (!proceeds) {
      if (json) out.stdout.write(eventLine(changeSummaryEvent({ add: 0, change: 0, remove: 0 }, kind === 'destroy' ? 'destroy' : 'apply')));
      return 0;
    }
    if (asks) {
      if (outputFailure()) return 1; // the plan could not be shown: nothing is approved unseen
      const approved = await confirm(out, kind === 'destroy');
      if (!approved) {
        out.stderr.write(`${kind === 'destroy' ? 'Destroy' : 'Apply'} cancelled.\n`);
        return 1;
      }
    }
    try {
      return await execute(out, ws, conn!, plan, { json, parallelism, kind, retries, print });
    } finally {
      await printed;
    }
  };
  if (values.cdktf !== undefined) {
    // Loaded only here: synthesis and its modules are not part of a plain plan or apply.
    const { resolveCdktfDir, runOnStacks } = await import('./cdktf-stacks.js');
    return runOnStacks(out, { dir: resolveCdktfDir(values.chdir, values.cdktf), operation: kind, lockTimeoutMs, onEvent, destroy: mode === 'destroy', connections: parallelism }, body);
  }
  return withWorkspace(
    out,
    { dir: values.chdir ?? process.cwd(), variables: variableArguments(argv), operation: kind, lockTimeoutMs, connect: true, onEvent, prefetch, connections: parallelism },
    body,
  );
}

/**
 * The most changes whose plan text an auto-approved apply writes while it makes its first calls. Beyond it the text
 * is written first: rendering megabytes of text alongside thousands of calls raised the apply's peak memory (by 15 to
 * 30 MiB at 10,000 creates, against a target of 300 MB), while what it saves is the same ~0.1 ms per change.
 */
const BACKGROUND_PLAN_LIMIT = 2000;

/** Asks on the terminal whether to go ahead: only 'yes' does; Ctrl-C or the end of input (Ctrl-D) at the prompt is a no. */
async function confirm(out: Io, destroy: boolean): Promise<boolean> {
  if (!process.stdin.isTTY) {
    throw new KeyformError('APPROVAL_REQUIRED', `${destroy ? 'destroy' : 'apply'} needs confirmation and there is no terminal to ask on: run with --auto-approve, or apply a saved plan (keyform plan --out FILE; keyform apply FILE)`);
  }
  const rl = createInterface({ input: process.stdin, output: out.stdout });
  try {
    out.stdout.write(`\nDo you want to ${destroy ? 'destroy all these keys' : 'perform these actions'}?\n  Only 'yes' will be accepted to approve.\n\n`);
    const asked = await ask(rl, PROMPT);
    if ('stopped' in asked) out.stdout.write('\n');
    return 'answer' in asked && asked.answer.trim() === 'yes';
  } finally {
    rl.close();
  }
}

const PHASE_ACTION: Record<Phase, 'create' | 'update' | 'delete'> = { create: 'create', update: 'update', delete: 'delete' };

/** `print` writes to stdout after the plan text (see writeInBackground). */
async function execute(
  out: Io,
  ws: Workspace,
  conn: Connection,
  plan: Plan,
  o: { json: boolean; parallelism: number; kind: Kind; retries: { count: number }; print: (text: string) => void },
): Promise<number> {
  const steps = plan.changes.reduce((n, c) => n + (c.action === 'no-op' ? 0 : c.action === 'delete-then-create' || c.action === 'create-then-delete' ? 2 : 1), 0);
  const stream = { write: o.print, ...(out.stdout.columns !== undefined ? { columns: out.stdout.columns } : {}) };
  const progress = o.json ? undefined : createProgress({ total: steps, stream, color: out.colorOut, isTTY: out.stdout.isTTY === true });
  const controller = new AbortController();
  const stopListening = onInterrupt((why) => {
    if (controller.signal.aborted) return;
    controller.abort();
    out.stderr.write(`\n${why}: no new changes will start; waiting for the calls in flight to finish and be recorded (interrupt again to exit at once)…\n`);
  }, () => ws.close());
  // The canonical names the key in progress lines, unless it comes from a sensitive value.
  const idOf = (c: ResourceChange, values: unknown) =>
    c.sensitive.includes('canonical') ? '(sensitive value)' : values && typeof values === 'object' && 'canonical' in values ? String((values as { canonical: unknown }).canonical) : undefined;
  // An API error names the key by its canonical, in a path or in words: never the text of a sensitive variable.
  const redact = (message: string) => ws.context?.redactMessage(message) ?? message;
  let result;
  try {
    result = await applyChanges(ws, conn, plan, {
      parallelism: o.parallelism,
      signal: controller.signal,
      hooks: {
        start: (c: ResourceChange, phase: Phase) => {
          if (o.json) out.stdout.write(eventLine(applyStartEvent(c, PHASE_ACTION[phase])));
          else progress!.start(changeLabel(c), PHASE_ACTION[phase]);
        },
        complete: (c, phase, values, ms) => {
          const idValue = idOf(c, values ?? c.before);
          if (o.json) out.stdout.write(eventLine(applyCompleteEvent(c, PHASE_ACTION[phase], { elapsedMs: ms, ...(idValue ? { idValue } : {}) })));
          else progress!.done(changeLabel(c), PHASE_ACTION[phase], true, ms, idValue ? { idValue } : {});
        },
        errored: (c, phase, error) => {
          if (o.json) out.stdout.write(eventLine(applyErroredEvent(c, PHASE_ACTION[phase], { elapsedMs: 0, error: redact(error.message) })));
          else progress!.done(changeLabel(c), PHASE_ACTION[phase], false, 0, { error: redact(error.message) });
        },
      },
    });
  } finally {
    stopListening();
    progress?.finish();
  }
  const skipped = new Set(result.skipped);
  const notMade = (c: ResourceChange) =>
    result.failures.some((f) => f.address === c.address && f.deposed === c.deposed) || (['create', 'update', 'delete'] as const).some((phase) => skipped.has(stepText({ change: c, phase })));
  const s = summarize({ changes: plan.changes.filter((c) => !notMade(c)) });
  if (o.json) {
    out.stdout.write(eventLine(changeSummaryEvent({ add: s.add, change: s.change, remove: s.destroy }, o.kind === 'destroy' ? 'destroy' : 'apply')));
    out.stdout.write(eventLine(outputsEvent(Object.entries(result.outputs).map(([name, v]) => ({ name, sensitive: v.sensitive, value: v.value })))));
  }
  if (result.failures.length > 0 || result.interrupted) {
    const diagnostics: Diagnostic[] = [
      ...result.failures.map((f) => ({ severity: 'error' as const, summary: `${deposedLabel(f.address, f.deposed)}: ${f.phase} failed`, detail: redact(f.error.message), address: f.address })),
      ...(result.skipped.length > 0 ? [{ severity: 'warning' as const, summary: `${result.skipped.length} change(s) not made${result.interrupted ? ' (interrupted)' : ' because something they depend on failed'}`, detail: result.skipped.slice(0, 20).join('\n') }] : []),
    ];
    if (o.json) for (const d of diagnostics) out.stdout.write(eventLine(diagnosticEvent(d)));
    else printDiagnostics(out, diagnostics);
    if (!o.json) o.print(`\n${result.interrupted ? 'Apply interrupted' : 'Apply failed'}: ${s.add} added, ${s.change} changed, ${s.destroy} destroyed before it stopped; every finished step is recorded in the state.\n`);
    return 1;
  }
  if (!o.json) {
    const verb = o.kind === 'destroy' ? 'Destroy complete!' : 'Apply complete!';
    o.print(`\n${verb} Resources: ${s.add} added, ${s.change} changed, ${s.destroy} destroyed.${o.retries.count > 0 ? ` (${o.retries.count} API calls retried)` : ''}\n`);
    const names = Object.keys(result.outputs).sort();
    if (names.length > 0) {
      o.print('\nOutputs:\n\n');
      for (const name of names) {
        const v = result.outputs[name]!;
        o.print(`${name} = ${v.sensitive ? '<sensitive>' : JSON.stringify(v.value)}\n`);
      }
    }
  }
  return 0;
}
