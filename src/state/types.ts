/**
 * The state model: Terraform's v4 state shape, held in memory with attribute values in PLAINTEXT. Sensitive values
 * are encrypted only at the disk boundary (secrets.ts). One exception, asked for by the reader: the secrets of
 * instances no expression reads may be left as their `kf1:` ciphertexts (an opaque string that is written back
 * as it is), so that a plan does not decrypt thousands of tokens it never looks at.
 */
import type { Value, Values } from '../values.js';

/** The newest (and only) state format version; always the one written. */
export const STATE_VERSION = 4;

/** `count` index (number) or `for_each` key (string). */
export type IndexKey = string | number;

/** One step of a path into a value, Terraform's `sensitive_attributes` encoding. */
export type PathStep = { type: 'get_attr'; value: string } | { type: 'index'; value: { value: unknown; type: unknown } };
export type AttributePath = PathStep[];

/** `pending_create`: a create recorded before its API call, outcome unknown until the engine resolves it. */
export type InstanceStatus = 'tainted' | 'pending_create';

/** A deposed object's key: 8 hex digits, as Terraform writes it. */
export type DeposedKey = string;

/**
 * One object of an instance: its current object, or (with `deposed`) an object a create_before_destroy replacement
 * set aside before creating the new one, kept until it is deleted.
 */
export interface InstanceState {
  index_key?: IndexKey;
  status?: InstanceStatus;
  deposed?: DeposedKey;
  schema_version: number;
  /** Never UNKNOWN: every value in state is known. Sensitive ones are plaintext here. */
  attributes: Values;
  sensitive_attributes: AttributePath[];
  /** Addresses (`type.name`) this instance depended on when it was last applied. */
  dependencies: string[];
  create_before_destroy?: true;
}

export interface ResourceState {
  mode: 'managed';
  type: string;
  name: string;
  /** `provider["registry.terraform.io/cycloidio/cycloid"]` */
  provider: string;
  instances: InstanceState[];
}

export interface OutputState {
  value: Value;
  /** The value's type in Terraform's JSON type notation; inferred from the value when absent. */
  type?: unknown;
  sensitive?: boolean;
}

/** The in-memory state. `serial` and `lineage` are owned by the backend (see local-backend.ts). */
export interface State {
  version: typeof STATE_VERSION;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: Record<string, OutputState>;
  resources: ResourceState[];
  check_results: null;
}

/** The on-disk form: the same shape with sensitive values as `kf1:` ciphertexts, plus keyform's own block. */
export interface StateFile extends Omit<State, 'outputs' | 'resources'> {
  outputs: Record<string, { value: unknown; type: unknown; sensitive?: boolean }>;
  resources: Array<Omit<ResourceState, 'instances'> & { instances: Array<Omit<InstanceState, 'attributes'> & { attributes: Record<string, unknown> }> }>;
  keyform: { key_id: string };
}
