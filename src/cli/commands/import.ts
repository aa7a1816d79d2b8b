/**
 * `keyform import ADDR ID`: brings an existing Cycloid API key under management, as `terraform import` does.
 * ADDR must be declared in the configuration and not yet in state; the key is read (ID is CANONICAL or
 * ORGANIZATION/CANONICAL) and recorded under the state lock. Its token stays null: the API shows a token only
 * when a key is created, so a working token needs a rotation (`keyform apply --replace ADDR`).
 */
import type { ConfigModule } from '../../config/types.js';
import { KeyformError } from '../../diagnostics.js';
import { desiredFromModule } from '../../engine/desired.js';
import { priorInstances } from '../../engine/prior.js';
import { findInstance, newInstance, parseAddress, setInstance } from '../../state/index.js';
import { lockOptions, parseCommandArgs, parseDuration, variableArguments, variableOptions } from '../options.js';
import { io, withWorkspace } from '../run-context.js';
import { UsageError } from '../usage-error.js';

export const importHelp = `Usage: keyform import [options] ADDR ID

Records an existing Cycloid API key in the state under ADDR, which must be declared in the configuration.
ID is CANONICAL (in the provider's default organization, CY_ORG) or ORGANIZATION/CANONICAL.
The key gets no token in state (the API shows a token only at creation): to have keyform hold a working
token, rotate it afterwards with keyform apply --replace ADDR.

  keyform import cycloid_organization_api_key.ci_deploy acme/ci-deploy

Options:
  --lock-timeout 30s   how long to wait for the state lock (default 0s: try once)
  --chdir DIR          the working directory (default: the current one)
  --no-color           no colour in messages
  -h, --help           show this help
`;

const OPTIONS = { ...lockOptions, ...variableOptions } as const;

export async function importCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv);
  if (values.help) {
    process.stdout.write(importHelp);
    return 0;
  }
  if (positionals.length !== 2) throw new UsageError(`import needs ADDR and ID, e.g. keyform import cycloid_organization_api_key.ci acme/ci-deploy (got ${positionals.length} argument(s))`);
  const [address, id] = positionals as [string, string];
  const timeoutMs = parseDuration('--lock-timeout', values['lock-timeout']);
  const out = io(values['no-color']);
  return withWorkspace(out, { dir: values.chdir ?? process.cwd(), variables: variableArguments(argv), operation: 'import', lockTimeoutMs: timeoutMs, connect: true }, async (ws, conn) => {
    const { type, name, indexKey } = parseAddress(address);
    checkDeclared(ws.module!, address);
    const instances = ws.context ? ws.module!.resources.filter((r) => r.type === type && r.name === name).flatMap((r) => ws.context!.instancesOf(r).map((i) => i.address)) : [];
    if (indexKey !== undefined && instances.length > 0 && !instances.includes(address)) {
      throw new KeyformError('NOT_DECLARED', `${address} is not an instance of the configuration: it has ${instances.join(', ')}`);
    }
    if (indexKey !== undefined && instances.length === 0) throw new KeyformError('NOT_DECLARED', `${address} is not an instance of the configuration: ${type}.${name} has no instances (count 0 or an empty for_each)`);
    if (findInstance(ws.state, address)) {
      throw new KeyformError('ALREADY_MANAGED', `${address} is already managed (it is in the state): to import another key there, first run keyform state rm ${address}`);
    }
    const client = conn!.clients.get(type);
    if (!client) throw new KeyformError('UNKNOWN_TYPE', `keyform cannot import resources of type ${type}`);
    const imported = await client.importState({ id });
    const identity = `${String(imported['organization_canonical'])}/${String(imported['canonical'])}`;
    const twin = priorInstances(ws.state).find((p) => p.type === type && `${String(p.values['organization_canonical'])}/${String(p.values['canonical'])}` === identity);
    if (twin) throw new KeyformError('ALREADY_MANAGED', `${identity} is already managed as ${twin.address}: one key cannot be managed at two addresses (use keyform state mv to rename)`);
    // Attributes the configuration feeds from sensitive variables are recorded as sensitive (encrypted) at once.
    const sensitive = ws.context ? (desiredFromModule(ws.context).resources.find((r) => r.address === address)?.sensitive ?? []) : [];
    ws.state = await ws.backend.write(setInstance(ws.state, type, name, indexKey, newInstance(type, imported, [], {}, sensitive)));
    out.stdout.write(`Import successful! ${address} ← ${identity}\n\n`);
    out.stdout.write(
      'Note: an imported key has no token in state — the Cycloid API shows a token only when the key is created.\n' +
        `To have keyform hold a working token, rotate it: keyform apply --replace ${address}\n`,
    );
    return 0;
  });
}

/** Like Terraform: the address must name a resource of the configuration, with an index only if it has count/for_each. */
function checkDeclared(module: ConfigModule, address: string): void {
  const { type, name, indexKey } = parseAddress(address);
  const resource = module.resources.find((r) => r.type === type && r.name === name);
  if (!resource) {
    const known = module.resources.map((r) => r.address).sort();
    throw new KeyformError(
      'NOT_DECLARED',
      `${type}.${name} is not declared in the configuration: add a resource block for it first, then import (${known.length ? `declared: ${known.join(', ')}` : 'no resources are declared'})`,
    );
  }
  if (resource.count !== undefined && typeof indexKey !== 'number') {
    throw new KeyformError('NOT_DECLARED', `${resource.address} uses count: import into an instance such as ${resource.address}[0]`);
  }
  if (resource.forEach !== undefined && typeof indexKey !== 'string') {
    throw new KeyformError('NOT_DECLARED', `${resource.address} uses for_each: import into an instance such as ${resource.address}["key"]`);
  }
  if (resource.count === undefined && resource.forEach === undefined && indexKey !== undefined) {
    throw new KeyformError('NOT_DECLARED', `${resource.address} has neither count nor for_each: import into ${resource.address}, without an index`);
  }
}

const parse = (argv: string[]) => parseCommandArgs('import', argv, OPTIONS);
