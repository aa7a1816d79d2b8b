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
  // Each setting: the provider block's attribute when set, else the environment variable; `where` names the one used.
  const setting = (name: string, envName: string): { text?: string; where: string } => {
    const configured = value(name);
    if (configured === undefined) return { ...(env[envName] ? { text: env[envName] } : {}), where: envName };
    const where = `provider.cycloid.${name}`;
    if (typeof configured === 'string') return { ...(configured ? { text: configured } : {}), where };
    diagnostics.push(error(`${where} must be a string`, { ...(block ? { file: block.source.file } : {}), address: 'provider.cycloid', path: name }));
    return { where };
  };
  const url = setting('api_url', 'CY_API_URL');
  const key = setting('api_key', 'CY_API_KEY');
  const org = setting('default_organization', 'CY_ORG');
  const apiUrl = url.text;
  const apiKey = key.text;
  const defaultOrganization = org.text;
  const insecure = value('insecure') === true;
  if (!apiUrl) diagnostics.push(error('No Cycloid API URL', { detail: 'Set api_url in the provider "cycloid" block, or the CY_API_URL environment variable.' }));
  else {
    const problem = apiUrlProblem(apiUrl);
    if (problem) diagnostics.push(error(`${url.where} is not a usable Cycloid API URL: ${problem}`, { detail: 'Expected e.g. https://api.cycloid.io or http://127.0.0.1:8080/api (a scheme, a host, an optional port and path).' }));
  }
  if (!apiKey) diagnostics.push(error('No Cycloid API key', { detail: 'Set the CY_API_KEY environment variable (or api_key in the provider "cycloid" block, from a sensitive variable).' }));
  else {
    const problem = apiKeyProblem(apiKey);
    if (problem) diagnostics.push(error(`${key.where} is not a usable API key: it contains ${problem}`, { detail: 'An API key is one line of printable characters; check how it was copied or read (a trailing line break or carriage return is a common cause).' }));
  }
  if (defaultOrganization !== undefined && !/^[a-z0-9_-]+$/.test(defaultOrganization)) {
    diagnostics.push(error(`${org.where} is not an organization canonical: ${JSON.stringify(defaultOrganization.slice(0, 100))}`, { detail: 'An organization canonical holds only lower-case letters, digits, - and _ (e.g. acme).' }));
  }
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

/**
 * What makes `text` unusable as the API's base URL, in words that never repeat a user name or password it carries;
 * undefined when it is an http(s) URL with a host and no credentials, query or fragment.
 */
export function apiUrlProblem(text: string): string | undefined {
  if (/[\s\p{Cc}]/u.test(text)) return 'it contains a space, line break or control character';
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(text)?.[1]?.toLowerCase();
  if (scheme === undefined || !text.includes('://')) return 'it has no scheme (start it with https:// or http://)';
  if (scheme !== 'http' && scheme !== 'https') return `its scheme is ${scheme}: only http and https are supported`;
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return 'it does not parse as a URL (check the host name and the port, a number up to 65535)';
  }
  if (url.hostname === '') return 'it has no host';
  if (url.username !== '' || url.password !== '') return 'it contains a user name or password (remove them: the API key authenticates)';
  if (url.search !== '' || url.hash !== '') return 'it has a query or fragment (?… or #…), which the API does not take';
  return undefined;
}

/** The kind of character that cannot go in an Authorization header, or undefined when every one can. */
export function apiKeyProblem(key: string): string | undefined {
  if (/[\r\n]/.test(key)) return 'a line break';
  if (/\p{Cc}/u.test(key)) return 'a control character';
  if (/[^\x21-\x7e]/.test(key)) return /\s/.test(key) ? 'a space' : 'a character outside printable ASCII';
  return undefined;
}
