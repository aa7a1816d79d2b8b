/**
 * A working directory opened for a command: its configuration (loaded and validated), the encryption key, the
 * state backend with its lock, and the state as recovered from any interrupted apply. Commands run on it and
 * close it (releasing the lock) however they end.
 */
import { resolve } from 'node:path';
import { buildGraph, inputsHash, loadConfigDir, openConfig, readVariableInputs, type LoadResult, type ModuleContext, type VariableArgument } from '../config/index.js';
import type { ConfigModule, VariableConfig } from '../config/types.js';
import { DiagnosticsError, hasErrors, warning, type Diagnostic } from '../diagnostics.js';
import { apiKeyResource } from '../provider/cycloid/index.js';
import type { ResourceType } from '../provider/resource.js';
import {
  DEFAULT_STATE_PATH,
  emptyState,
  FileLocker,
  LocalBackend,
  loadKey,
  parseAddress,
  resourceAddress,
  type Lock,
  type LockInfo,
  type State,
} from '../state/index.js';
import { keyformVersion } from '../version.js';

export const RESOURCE_TYPES: ReadonlyMap<string, ResourceType> = new Map([[apiKeyResource.typeName, apiKeyResource]]);

export interface OpenOptions {
  /** The working directory: the encryption key, and the state path's base. */
  dir: string;
  /** Where the configuration is read from, when not `dir` (a CDKTF stack synthesized under cdktf.out/stacks/). */
  configDir?: string;
  /** The state file when the configuration names no backend path (default keyform.tfstate), relative to `dir`. */
  defaultStatePath?: string;
  env: NodeJS.ProcessEnv;
  /** Commands that write state take the lock; read-only ones do not. */
  lock?: {
    operation: string;
    timeoutMs: number;
    onWait?: (holder: LockInfo) => void;
    onStale?: (old: LockInfo) => void;
    /** Called once the lock is held, before the state is read. */
    onAcquired?: () => void;
  };
  /** Whether configuration is required (import/state commands can run without valid configuration). */
  config?: 'required' | 'optional' | 'none';
  /** `--var` and `--var-file` arguments, in command-line order. */
  variables?: readonly VariableArgument[];
  /** Asks for the value of a required variable that has none (on a terminal). */
  prompt?: (variable: VariableConfig) => Promise<string>;
  /**
   * Called with the prepared configuration once the lock is held and the state file has parsed, before its secrets
   * are checked (to start a refresh meanwhile); never for a state that does not parse.
   */
  stateParsed?: (context: ModuleContext | undefined) => void;
}

export class Workspace {
  readonly warnings: Diagnostic[] = [];
  private constructor(
    readonly dir: string,
    readonly module: ConfigModule | undefined,
    /** The module prepared for evaluation (variables, locals, count/for_each); set with module. */
    readonly context: ModuleContext | undefined,
    readonly backend: LocalBackend,
    public state: State,
    private readonly lock: Lock | undefined,
    readonly env: NodeJS.ProcessEnv,
    /** No state file existed when the workspace opened: `state` is a new, empty one (serial 0, a fresh lineage). */
    readonly stateIsNew: boolean = false,
  ) {}

  static async open(opts: OpenOptions): Promise<Workspace> {
    const dir = resolve(opts.dir);
    const diagnostics: Diagnostic[] = [];
    let module: ConfigModule | undefined;
    let context: ModuleContext | undefined;
    if ((opts.config ?? 'required') !== 'none') {
      const configDir = resolve(opts.configDir ?? dir);
      const variables = [...(opts.variables ?? [])];
      // On a terminal, required variables nothing gives a value are asked for first: that needs the declarations,
      // so the directory is loaded once, before, and opened with the answers.
      const loaded = opts.prompt ? loadConfigDir(configDir) : undefined;
      if (opts.prompt) for (const v of missingVariables(loaded!, configDir, variables, opts.env)) variables.push({ kind: 'var', text: `${v.name}=${await opts.prompt(v)}` });
      const opened = openConfig(configDir, { variables, env: opts.env, ...(loaded ? { loaded } : {}) });
      diagnostics.push(...opened.diagnostics);
      if (hasErrors(diagnostics)) {
        if (opts.config !== 'optional') throw new DiagnosticsError(diagnostics);
      } else {
        module = opened.module;
        context = opened.context;
      }
    }
    const key = await loadKey(dir, opts.env);
    // A backend path is relative to the working directory unless absolute (CDKTF writes absolute ones).
    const statePath = resolve(dir, module?.backend?.path ?? opts.defaultStatePath ?? DEFAULT_STATE_PATH);
    const backend = new LocalBackend(statePath, { key, writer: `keyform ${keyformVersion()}` });
    let lock: Lock | undefined;
    if (opts.lock) {
      lock = await new FileLocker(statePath).acquire(
        { operation: opts.lock.operation },
        { timeoutMs: opts.lock.timeoutMs, ...(opts.lock.onWait ? { onWait: opts.lock.onWait } : {}), ...(opts.lock.onStale ? { onStale: opts.lock.onStale } : {}) },
      );
      opts.lock.onAcquired?.();
    }
    try {
      const opens = secretsRead(module);
      const stateParsed = opts.stateParsed;
      const loaded = await backend.load({ recover: lock !== undefined, ...(opens ? { opens } : {}), ...(stateParsed ? { onParsed: () => stateParsed(context) } : {}) });
      const ws = new Workspace(dir, module, context, backend, loaded.state ?? emptyState(), lock, opts.env, loaded.state === undefined);
      ws.warnings.push(...diagnostics.filter((d) => d.severity === 'warning'));
      const r = loaded.recovery;
      if (r?.outcome === 'recovered' && r.steps > 0) {
        ws.warnings.push(warning(`Recovered ${r.steps} step(s) of an interrupted apply from ${r.journal}${r.dryRun ? ' (in memory: run plan or apply to record them)' : ''}`));
      } else if (r?.outcome === 'orphaned') {
        ws.warnings.push(warning(`An apply journal that does not belong to this state was set aside`, { detail: `${r.reason ?? ''} ${r.movedTo ? `It is now ${r.movedTo}.` : ''}`.trim() }));
      }
      return ws;
    } catch (err) {
      await lock?.release().catch(() => undefined);
      throw err;
    }
  }

  /** The configuration and its variable values, as a saved plan records them. */
  get configHash(): string {
    return this.context ? inputsHash(this.context) : (this.module?.hash ?? '');
  }

  get statePath(): string {
    return this.backend.path;
  }

  async close(): Promise<void> {
    await this.lock?.release();
  }
}

/** Required variables (no default) that no file, environment variable or argument gives a value. */
function missingVariables(loaded: LoadResult, dir: string, args: readonly VariableArgument[], env: NodeJS.ProcessEnv): VariableConfig[] {
  const module = loaded.module;
  if (!module) return [];
  const given = new Set(readVariableInputs(dir, args, env).inputs.map((i) => i.name));
  return module.variables.filter((v) => v.default === undefined && !given.has(v.name));
}

/**
 * Which instances' secrets the configuration may read: those of the resources an expression references (outputs,
 * other resources, locals). The others stay encrypted in memory — a plan never looks at a token otherwise.
 * Without a configuration, all of them.
 */
function secretsRead(module: ConfigModule | undefined): ((address: string) => boolean) | undefined {
  if (!module) return undefined;
  const referenced = new Set<string>();
  for (const deps of buildGraph(module).edges.values()) for (const d of deps) referenced.add(d);
  return (address) => {
    const a = parseAddress(address);
    return referenced.has(resourceAddress(a.type, a.name));
  };
}
