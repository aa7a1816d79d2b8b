/** What the planner is given: desired resources and outputs (evaluated lazily), the prior state, the refresh. */
import type { Diagnostic } from '../diagnostics.js';
import type { Lifecycle, SourceRef } from '../config/types.js';
import type { ProviderSettings, RemoteObject, ResourceType } from '../provider/resource.js';
import type { Value, Values } from '../values.js';
import type { PlanMode } from './types.js';

/** Resolves a resource address to its planned (or, during apply, actual) values. */
export type Resolver = (address: string) => Values | undefined;

export interface DesiredResource {
  address: string;
  type: string;
  name: string;
  dependsOn: string[];
  lifecycle: Lifecycle;
  file?: string;
  /** Where it is declared, for diagnostics that point at an attribute's line. */
  source?: SourceRef;
  /** Attributes that are sensitive beyond the schema's (set from sensitive variables). */
  sensitive?: string[];
  /** organization_canonical when the configuration gives it without depending on other resources. */
  organization?: string;
  /** Evaluates the resource's configuration, references resolved through `resolve`. */
  evaluate(resolve: Resolver): { values: Values; diagnostics: Diagnostic[] };
}

export interface DesiredOutput {
  name: string;
  sensitive: boolean;
  evaluate(resolve: Resolver): { value: Value; diagnostics: Diagnostic[] };
}

/** An instance as the last run's state recorded it (secrets decrypted). */
export interface PriorInstance {
  address: string;
  type: string;
  name: string;
  values: Values;
  status?: 'tainted' | 'pending_create';
  dependencies: string[];
  /**
   * Top-level attributes the state records as sensitive beyond the schema's (fed by a sensitive variable when last
   * applied): their values are never shown, even once the configuration no longer has the instance.
   */
  sensitive?: string[];
}

/** A deposed object of the last run's state: the old object of a create_before_destroy replacement, not deleted yet. */
export interface DeposedInstance extends PriorInstance {
  /** Its key (8 hex digits). */
  deposed: string;
}

export interface PlanInput {
  mode: PlanMode;
  keyformVersion: string;
  configHash: string;
  lineage: string;
  serial: number;
  /** In dependency order. */
  resources: DesiredResource[];
  outputs: DesiredOutput[];
  prior: PriorInstance[];
  /** Deposed objects of the state: each still there is deleted (absent: none). */
  deposed?: DeposedInstance[];
  priorOutputs: Record<string, { value: unknown; sensitive: boolean }>;
  /** Live objects by identity, from refresh; undefined when refresh was skipped. */
  refreshed?: ReadonlyMap<string, RemoteObject>;
  resourceTypes: ReadonlyMap<string, ResourceType>;
  provider: ProviderSettings;
  targets: string[];
  replace: string[];
}
