/** The JSON plan: Terraform's `terraform show -json` plan representation, plus a `keyform` extension. */
import type { Rule } from '../permissions/index.js';
import type { JsonDiagnostic } from './json-diagnostic.js';

export interface JsonChange {
  actions: string[];
  before: unknown;
  after: unknown;
  after_unknown: unknown;
  before_sensitive: unknown;
  after_sensitive: unknown;
  /** Omitted when nothing forces replacement, as in Terraform. */
  replace_paths?: string[][];
}

export interface JsonResourceChange {
  address: string;
  mode: 'managed';
  type: string;
  name: string;
  index?: number | string;
  /** The key of a deposed object (the old object of a create_before_destroy replacement), as in Terraform. */
  deposed?: string;
  provider_name: string;
  change: JsonChange;
  action_reason?: string;
}

export interface JsonPlannedResource {
  address: string;
  mode: 'managed';
  type: string;
  name: string;
  index?: number | string;
  provider_name: string;
  schema_version: number;
  values: unknown;
  sensitive_values: unknown;
}

export interface JsonSecurity {
  added: Rule[];
  removed: Rule[];
  broadened: boolean;
  narrowed: boolean;
  findings: { kind: string; message: string; rule: Rule }[];
}

export interface KeyformPlanExtension {
  plan_format_version: number;
  mode: string;
  lineage: string;
  serial: number;
  config_hash: string;
  targets: string[];
  replace: string[];
  summary: { add: number; change: number; destroy: number; replace: number };
  /** Per address (`ADDRESS (deposed object KEY)` for a deposed object): the planned action in keyform's words, its reason and the security view. */
  resource_changes: Record<string, { action: string; reason: string; depends_on: string[]; create_before_destroy: boolean; security?: JsonSecurity }>;
  /** Per address (or deposed object): the kind of drift and its message. */
  resource_drift: Record<string, { kind: string; message: string; changed_attributes: string[] }>;
  diagnostics: JsonDiagnostic[];
}

export interface JsonPlan {
  format_version: '1.2';
  terraform_version: string;
  planned_values: {
    outputs: Record<string, { sensitive: boolean; value?: unknown }>;
    root_module: { resources: JsonPlannedResource[] };
  };
  resource_drift: JsonResourceChange[];
  resource_changes: JsonResourceChange[];
  output_changes: Record<string, JsonChange>;
  errored: boolean;
  applyable: boolean;
  complete: boolean;
  keyform: KeyformPlanExtension;
}
