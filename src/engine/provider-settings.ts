/**
 * The provider's settings: the `provider "cycloid"` block first, then CY_API_URL, CY_API_KEY and CY_ORG — the
 * official provider's variables — and keyform's own KEYFORM_API_TIMEOUT and KEYFORM_API_RETRIES. Missing or
 * malformed settings are diagnostics that say where to set them.
 */
import { error, type Diagnostic } from '../diagnostics.js';
import { evaluate, moduleScope, type ModuleContext } from '../config/index.js';
import type { ProviderSettings } from '../provider/resource.js';
import { isUnknown } from '../values.js';

export function providerSettings(ctx: ModuleContext | undefined, env: NodeJS.ProcessEnv): { settings?: ProviderSettings; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const block = ctx?.module.providers.find((p) => p.name === 'cycloid' && p.alias === undefined);
  const value = (name: string): unknown => {
    if (!ctx || !block || !Object.hasOwn(block.config, name)) return undefined;
    const scope = moduleScope(ctx, (a) => (ctx.declaredInstance(a) ? 'pending' : undefined));
    const result = evaluate(block.config[name], scope, { source: block.source, address: 'provider.cycloid', path: name });
    diagnostics.push(...result.diagnostics);
    if (isUnknown(result.value)) {
      diagnostics.push(error(`provider.cycloid.${name} must be known before planning`, { file: block.source.file, address: 'provider.cycloid', path: name }));
      return undefined;
    }
    return result.value ?? undefined;
  };
  const apiUrl = (value('api_url') as string | undefined) ?? env['CY_API_URL'];
  const apiKey = (value('api_key') as string | undefined) ?? env['CY_API_KEY'];
  const defaultOrganization = (value('default_organization') as string | undefined) ?? env['CY_ORG'];
  const insecure = (value('insecure') as boolean | undefined) ?? false;
  if (!apiUrl) diagnostics.push(error('No Cycloid API URL', { detail: 'Set api_url in the provider "cycloid" block, or the CY_API_URL environment variable.' }));
  else if (!/^https?:\/\/[^\s]+$/.test(apiUrl)) diagnostics.push(error(`The Cycloid API URL is not an http(s) URL: ${apiUrl.slice(0, 100)}`));
  if (!apiKey) diagnostics.push(error('No Cycloid API key', { detail: 'Set the CY_API_KEY environment variable (or api_key in the provider "cycloid" block, from a sensitive variable).' }));
  const timeoutMs = envNumber(env, 'KEYFORM_API_TIMEOUT', parseTimeout, 'a duration from 100ms to 1h (e.g. 30s, 500ms)', diagnostics);
  const retries = envNumber(env, 'KEYFORM_API_RETRIES', parseRetries, 'a whole number from 0 to 20', diagnostics);
  if (diagnostics.some((d) => d.severity === 'error')) return { diagnostics };
  return {
    settings: {
      apiUrl: apiUrl!.replace(/\/+$/, ''),
      apiKey: apiKey!,
      ...(defaultOrganization ? { defaultOrganization } : {}),
      insecure,
      ...(timeoutMs !== undefined ? { timeoutMs } : {}),
      ...(retries !== undefined ? { retries } : {}),
    },
    diagnostics,
  };
}

function envNumber(env: NodeJS.ProcessEnv, name: string, parse: (text: string) => number | undefined, expected: string, diagnostics: Diagnostic[]): number | undefined {
  const text = env[name];
  if (text === undefined || text === '') return undefined;
  const n = parse(text.trim());
  if (n === undefined) diagnostics.push(error(`${name} must be ${expected}, not '${text.slice(0, 40)}'`));
  return n;
}

/** `30s`, `500ms`, `2m`, `1h` or a bare number of seconds, as --lock-timeout takes them. */
function parseTimeout(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(text);
  if (!m) return undefined;
  const unit = m[2] ?? 's';
  const ms = Math.round(Number(m[1]) * (unit === 'ms' ? 1 : unit === 's' ? 1000 : unit === 'm' ? 60_000 : 3_600_000));
  return ms >= 100 && ms <= 3_600_000 ? ms : undefined;
}

function parseRetries(text: string): number | undefined {
  return /^\d+$/.test(text) && Number(text) <= 20 ? Number(text) : undefined;
}
