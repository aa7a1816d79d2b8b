/**
 * `keyform validate [--json] [--online]`: checks the configuration against the provider schema and the API's
 * rules without state, key or network. `--online` also reads the organizations' policy codes and warns about
 * rule actions that match none of them (a typo the API would otherwise only reject at apply time).
 */
import { resolve } from 'node:path';
import { loadConfigDir, validateModule } from '../../config/index.js';
import { editDistance } from '../../config/did-you-mean.js';
import { siteOf, type Site } from '../../config/site.js';
import type { ConfigModule } from '../../config/types.js';
import { error, hasErrors, KeyformError, warning, type Diagnostic } from '../../diagnostics.js';
import { providerSettings } from '../../engine/provider-settings.js';
import { globMatches } from '../../permissions/index.js';
import { CycloidClient } from '../../provider/cycloid/index.js';
import { diagnosticJson } from '../../render/index.js';
import { io, printDiagnostics } from '../run-context.js';
import { baseOptions, parseCommandArgs } from '../options.js';
import { UsageError } from '../usage-error.js';

export const validateHelp = `Usage: keyform validate [options]

Checks the configuration (*.tf, *.tf.json): syntax, attributes against the provider schema, the API's rules
for values, references and dependency cycles. Needs no state, no encryption key and no network.

Options:
  --online       also read each organization's policy codes from the Cycloid API (CY_API_URL,
                 CY_API_KEY) and warn about rule actions that match none of them
  --json         print Terraform's validate JSON: {format_version, valid, error_count, warning_count, diagnostics}
  --chdir DIR    the working directory (default: the current one)
  --no-color     no colour
  -h, --help     show this help
`;

const OPTIONS = {
  ...baseOptions,
  json: { type: 'boolean', default: false },
  online: { type: 'boolean', default: false },
} as const;

export async function validateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(validateHelp);
    return 0;
  }
  if (positionals.length > 0) throw new UsageError(`validate takes no arguments (got ${positionals.join(' ')}); use --chdir DIR for another directory`);
  const out = io(values['no-color']);
  const loaded = loadConfigDir(resolve(values.chdir ?? process.cwd()));
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  if (loaded.module) diagnostics.push(...validateModule(loaded.module));
  if (values.online && loaded.module && !hasErrors(diagnostics)) diagnostics.push(...(await onlineDiagnostics(loaded.module)));
  const valid = !hasErrors(diagnostics);
  if (values.json) {
    const errors = diagnostics.filter((d) => d.severity === 'error').length;
    const doc = { format_version: '1.0', valid, error_count: errors, warning_count: diagnostics.length - errors, diagnostics: diagnostics.map(diagnosticJson) };
    process.stdout.write(`${JSON.stringify(doc, null, 2)}\n`);
    return valid ? 0 : 1;
  }
  printDiagnostics(out, diagnostics);
  if (!valid) return 1;
  const warnings = diagnostics.length;
  out.stdout.write(`${warnings > 0 ? '\n' : ''}Success! The configuration is valid${warnings > 0 ? `, but there ${warnings === 1 ? 'is 1 warning' : `are ${warnings} warnings`}` : ''}.\n`);
  return 0;
}

/** One literal rule action: where it is written and the organization its key belongs to. */
interface ActionSite {
  action: string;
  organization: string;
  site: Site;
}

/** Warnings for rule actions that match no policy code of their organization; errors when the API cannot answer. */
export async function onlineDiagnostics(module: ConfigModule): Promise<Diagnostic[]> {
  const { settings, diagnostics } = providerSettings(module, process.env);
  if (!settings) return diagnostics.map((d) => ({ ...d, summary: `--online: ${d.summary}` }));
  const sites = actionSites(module, settings.defaultOrganization);
  const client = new CycloidClient({ apiUrl: settings.apiUrl, apiKey: settings.apiKey, insecure: settings.insecure, connections: 2, retry: { attempts: 3 } });
  const out: Diagnostic[] = [...diagnostics];
  try {
    for (const org of [...new Set(sites.map((s) => s.organization))].sort()) {
      let codes: string[];
      try {
        codes = (await client.listPolicies(org)).map((p) => p.code);
      } catch (err) {
        if (!(err instanceof KeyformError)) throw err;
        out.push(error(`--online: cannot read the policy codes of organization ${org}`, { detail: err.message }));
        continue;
      }
      for (const s of sites.filter((x) => x.organization === org)) {
        const d = checkAction(s, codes);
        if (d) out.push(d);
      }
    }
  } finally {
    await client.close();
  }
  return out;
}

/** The warning for one action, or undefined when it matches a policy code. */
function checkAction(s: ActionSite, codes: readonly string[]): Diagnostic | undefined {
  if (s.action.includes('*')) {
    if (codes.some((c) => globMatches(s.action, c))) return undefined;
    return warning(`${s.action} matches no policy code of ${s.organization}`, { ...s.site, detail: 'This rule grants nothing: no policy code of the organization matches the pattern.' });
  }
  if (codes.includes(s.action)) return undefined;
  const near = [...codes].sort((a, b) => editDistance(s.action, a) - editDistance(s.action, b) || (a < b ? -1 : a > b ? 1 : 0)).slice(0, 3);
  const hint = near.length > 0 ? `; did you mean ${near[0]}?` : '';
  const detail = near.length > 0 ? `The closest policy codes of ${s.organization}: ${near.join(', ')}.` : `Organization ${s.organization} has no policy codes.`;
  return warning(`${s.action} matches no policy code of ${s.organization}${hint}`, { ...s.site, detail });
}

/** Every rule action written as a literal (no template), with its organization when that is known without apply. */
function actionSites(module: ConfigModule, defaultOrganization: string | undefined): ActionSite[] {
  const out: ActionSite[] = [];
  for (const r of module.resources) {
    const orgExpr = r.config['organization_canonical'];
    const organization = typeof orgExpr === 'string' ? (orgExpr.includes('${') ? undefined : orgExpr) : defaultOrganization;
    const rules = r.config['rules'];
    if (organization === undefined || !Array.isArray(rules)) continue;
    rules.forEach((rule: unknown, i) => {
      const action = (rule as { action?: unknown } | null)?.action;
      if (typeof action !== 'string' || action.includes('${') || action.includes('%{')) return;
      const path = `rules[${i}].action`;
      out.push({ action, organization, site: siteOf(r.source, r.address, path) });
    });
  }
  return out;
}

const parse = (argv: string[]) => parseCommandArgs('validate', argv, OPTIONS);
