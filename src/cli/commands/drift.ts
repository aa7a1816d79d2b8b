/**
 * keyform drift: a refresh-only comparison for scheduled CI jobs. Exit 0 when the organization matches the state,
 * 2 when something changed outside keyform (or, with --unmanaged, keys exist that no state manages), 1 on error.
 */
import { makePlan, refreshAll } from '../../engine/operations.js';
import { managedIdentities } from '../../engine/prior.js';
import { driftEvent, eventLine, renderPlan, versionEvent } from '../../render/index.js';
import { keyformVersion } from '../../version.js';
import { engineOptions, parseCommandArgs, parseDuration, variableArguments } from '../options.js';
import { io, withWorkspace } from '../run-context.js';

const USAGE = `Usage: keyform drift [--unmanaged] [--json] [--chdir DIR]

Compares the state with the live Cycloid API without changing anything. Exit codes: 0 no drift, 2 drift found,
1 error — for a scheduled CI job.

Options:
  --unmanaged         also list keys of the organization that no state manages
  --json              a JSON report: {"drift": [...], "unmanaged": [...]}, or JSON-lines events with --events
  --lock-timeout 30s  wait for the state lock
`;

export async function driftCommand(argv: string[]): Promise<number> {
  const { values } = parseCommandArgs('drift', argv, { ...engineOptions, unmanaged: { type: 'boolean', default: false }, events: { type: 'boolean', default: false } } as const, false);
  if (values.help) {
    process.stdout.write(USAGE);
    return 0;
  }
  const out = io(values['no-color']);
  return withWorkspace(out, { dir: values.chdir ?? process.cwd(), variables: variableArguments(argv), lockTimeoutMs: parseDuration('--lock-timeout', values['lock-timeout']!), connect: true, prefetch: true }, async (ws, conn) => {
    const refreshed = await refreshAll(ws, conn!);
    const plan = await makePlan(ws, conn!, { mode: 'refresh-only', refresh: true, refreshed, targets: [], replace: [] });
    const managed = managedIdentities(ws.state);
    const unmanaged = values.unmanaged
      ? [...refreshed.entries()].filter(([identity]) => !managed.has(identity)).map(([identity, v]) => ({ identity, name: v['name'], owner: v['owner'], last_seven: v['last_seven'], rules: v['rules'] })).sort((a, b) => a.identity.localeCompare(b.identity))
      : [];
    if (values.events) {
      out.stdout.write(eventLine(versionEvent(keyformVersion())));
      for (const d of plan.drift) out.stdout.write(eventLine(driftEvent(d)));
    } else if (values.json) {
      const report = {
        drift: plan.drift.map((d) => ({ address: d.address, ...(d.deposed !== undefined ? { deposed: d.deposed } : {}), kind: d.kind, changed_attributes: d.changedAttributes, message: d.message })),
        unmanaged,
      };
      out.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    } else {
      if (plan.drift.length > 0) out.stdout.write(renderPlan(plan, { color: out.colorOut, width: out.stdout.columns }));
      else out.stdout.write('No drift: every managed key matches the state.\n');
      if (values.unmanaged) {
        if (unmanaged.length === 0) out.stdout.write('No unmanaged keys: every key of the organization is in the state.\n');
        else {
          out.stdout.write(`\n${unmanaged.length} key(s) exist in the organization but no state manages them:\n`);
          for (const u of unmanaged) out.stdout.write(`  ${u.identity}  (${String(u.name)}, owner ${String(u.owner)}, …${String(u.last_seven)})\n`);
          out.stdout.write('Import one with: keyform import ADDR org/canonical (after declaring ADDR), or delete it in Cycloid.\n');
        }
      }
    }
    return plan.drift.length > 0 || unmanaged.length > 0 ? 2 : 0;
  });
}
