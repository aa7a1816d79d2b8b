/**
 * The configuration model: what the three syntaxes (Terraform JSON, HCL, CDKTF's cdk.tf.json) are all loaded
 * into. Attribute values are kept as expressions (`Expr`) until evaluation, because they may reference other
 * resources whose values are known only during apply.
 */
import type { Value, Values } from '../values.js';

/** Where something was declared. `line` is the line of the block's name (JSON: its key). */
export interface SourceRef {
  file: string;
  line?: number;
  /**
   * The line of each attribute path written in the block (`name`, `rules[1].action`, `depends_on[0]`), so a
   * diagnostic can point at the exact line. Known for JSON; absent when the syntax gives no positions.
   */
  pathLines?: LineIndex;
}

/** Lines of attribute paths in a block; a `Map<string, number>` is one. */
export interface LineIndex {
  get(path: string): number | undefined;
}

/**
 * A configuration value before evaluation: JSON whose strings may hold templates (`"${cycloid_organization_api_key.ci.id}"`,
 * `"key-${var.env}"`). HCL is converted to this same form.
 */
export type Expr = unknown;

export interface Lifecycle {
  preventDestroy: boolean;
  createBeforeDestroy: boolean;
  /** Attribute names whose changes are ignored, or 'all'. */
  ignoreChanges: string[] | 'all';
}

export interface ResourceConfig {
  type: string;
  name: string;
  /** `type.name` */
  address: string;
  /** Attribute expressions as declared (meta-arguments removed). */
  config: Record<string, Expr>;
  /** Addresses named by depends_on (resources, as `type.name`). */
  dependsOn: string[];
  lifecycle: Lifecycle;
  /** `cycloid` or `cycloid.ALIAS`. */
  provider: string;
  count?: Expr;
  forEach?: Expr;
  source: SourceRef;
}

export interface ProviderConfig {
  name: string;
  alias?: string;
  config: Record<string, Expr>;
  source: SourceRef;
}

export interface OutputConfig {
  name: string;
  value: Expr;
  sensitive: boolean;
  description?: string;
  dependsOn: string[];
  source: SourceRef;
}

/** A variable's type constraint (`string`, `list(string)`, `object({ a = string, b = optional(number, 1) })`). */
export type TypeConstraint =
  | { kind: 'any' | 'string' | 'number' | 'bool' }
  | { kind: 'list' | 'set' | 'map'; element: TypeConstraint }
  | { kind: 'tuple'; elements: TypeConstraint[] }
  | { kind: 'object'; attributes: Map<string, { type: TypeConstraint; optional: boolean; default?: Value }> };

export interface VariableValidation {
  /** A bool expression over `var.*`. */
  condition: Expr;
  /** A string (template) shown when the condition is false. */
  errorMessage: Expr;
  /** The attribute path of this validation in the block: `validation[0]`. */
  path: string;
}

export interface VariableConfig {
  name: string;
  type: TypeConstraint;
  /** The type as written, for messages and the configuration hash; absent when not set (any). */
  typeText?: string;
  /** Set when the block has a default (which may be null). */
  default?: { value: Value };
  description?: string;
  sensitive: boolean;
  /** Whether null is an acceptable value (Terraform's `nullable`, default true). */
  nullable: boolean;
  validations: VariableValidation[];
  /** Set when its type or default is invalid (already reported): a missing value is not reported again. */
  invalid?: true;
  source: SourceRef;
}

export interface LocalConfig {
  name: string;
  value: Expr;
  source: SourceRef;
}

export interface BackendConfig {
  type: 'local';
  /** State file path relative to the working directory; default keyform.tfstate. */
  path?: string;
  source: SourceRef;
}

/** A resource after evaluation: what the planner compares with state. */
export interface DesiredInstance {
  /** `type.name`, `type.name[0]` or `type.name["key"]`. */
  address: string;
  /** The instance key of a resource with count or for_each. */
  key?: number | string;
  type: string;
  name: string;
  /** Evaluated attributes as configured (unset attributes absent); may hold UNKNOWN. */
  values: Values;
  /** Direct dependencies (resources referenced and named by depends_on), sorted. */
  dependsOn: string[];
  lifecycle: Lifecycle;
  provider: string;
  source: SourceRef;
  /** Top-level attributes fed by sensitive values (variables, locals), beyond the schema's; absent when none. */
  sensitive?: string[];
}

/** An output after evaluation. */
export interface DesiredOutput {
  name: string;
  value: Value;
  sensitive: boolean;
  description?: string;
  /** Resources the value references or depends_on names, sorted. */
  dependsOn: string[];
  source: SourceRef;
}

export interface ConfigModule {
  dir: string;
  /** Files read, relative to dir, sorted. */
  files: string[];
  /** SHA-256 over the normalised configuration: a saved plan is refused when it changed. */
  hash: string;
  backend?: BackendConfig;
  providers: ProviderConfig[];
  variables: VariableConfig[];
  locals: LocalConfig[];
  resources: ResourceConfig[];
  outputs: OutputConfig[];
}
