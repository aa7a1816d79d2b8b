/**
 * `keyform validate [--json] [--online]`: checks the configuration against the provider schema and the API's
 * rules without state, key or network. `--online` also reads the organizations' policy codes and warns about
 * rule actions that match none of them (a typo the API would otherwise only reject at apply time).
 */
import { resolve } from 'node:path';
import { openConfig, type ModuleContext } from '../../config/index.js';
import type { DesiredInstance } from '../../config/types.js';
import { hasErrors, type Diagnostic } from '../../diagnostics.js';
import { actionSites, policyDiagnostics } from '../../engine/policy-check.js';
import { providerSettings } from '../../engine/provider-settings.js';
import { CycloidClient } from '../../provider/cycloid/index.js';
import { diagnosticJson } from '../../render/index.js';
import { io, printDiagnostics } from '../run-context.js';
import { baseOptions, parseCommandArgs, variableArguments, variableOptions } from '../options.js';
import { UsageError } from '../usage-error.js';

export const validateHelp = `Usage: keyform validate [options]

Checks the configuration (*.tf, *.tf.json): syntax, attributes against the provider schema, the API's
rules for values, references, dependency cycles, and variable values where they are given (a variable
without a value is treated as unknown). Needs no state, no encryption key and no network.

Options:
  --online       also read each organization's policy codes from the Cycloid API (CY_API_URL,
                 CY_API_KEY) and warn about rule actions that match none of them
  --var NAME=VALUE, --var-file FILE
                 variable values to check against their types and validation rules
  --json         print Terraform's validate JSON: {format_version, valid, error_count, warning_count, diagnostics}
  --chdir DIR    the working directory (default: the current one)
  --no-color     no colour
  -h, --help     show this help
`;

const OPTIONS = {
  ...baseOptions,
  ...variableOptions,
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
  const opened = openConfig(resolve(values.chdir ?? process.cwd()), { mode: 'validate', variables: variableArguments(argv), env: process.env });
  const diagnostics: Diagnostic[] = [...opened.diagnostics];
  if (opened.context?.configured && values.online && !hasErrors(diagnostics)) {
    diagnostics.push(...(await onlineDiagnostics(opened.context, opened.context.configured.instances)));
  }
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

/** Warnings for rule actions that match no policy code of their organization; errors when the API cannot answer. */
export async function onlineDiagnostics(ctx: ModuleContext, instances: readonly DesiredInstance[]): Promise<Diagnostic[]> {
  const { settings, diagnostics } = providerSettings(ctx, process.env);
  if (!settings) return diagnostics.map((d) => ({ ...d, summary: `--online: ${d.summary}` }));
  const sites = actionSites(instances, settings.defaultOrganization);
  const client = new CycloidClient({
    apiUrl: settings.apiUrl,
    apiKey: settings.apiKey,
    insecure: settings.insecure,
    connections: 2,
    retry: { attempts: (settings.retries ?? 2) + 1 },
    ...(settings.timeoutMs !== undefined ? { timeoutMs: settings.timeoutMs } : {}),
  });
  try {
    return [...diagnostics, ...(await policyDiagnostics(sites, (org) => client.listPolicies(org), '--online: '))];
  } finally {
    await client.close();
  }
}

const parse = (argv: string[]) => parseCommandArgs('validate', argv, OPTIONS);
