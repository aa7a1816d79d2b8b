/**
 * The resource contract (STYLE 4): a small required surface plus optional capabilities, each verb taking one
 * request object and returning one result. Which attributes force replacement or keep their prior value is
 * declared here, in the schema layer, never decided in apply code.
 */
import type { BlockSchema } from './schema.js';
import type { Values } from '../values.js';

/** Provider settings after merging the provider block with CY_API_URL / CY_API_KEY / CY_ORG. */
export interface ProviderSettings {
  apiUrl: string;
  apiKey: string;
  defaultOrganization?: string;
  insecure: boolean;
  /** How long one attempt may wait for headers or body (KEYFORM_API_TIMEOUT); the client's default when absent. */
  timeoutMs?: number;
  /** Retries after a failed attempt that may be retried (KEYFORM_API_RETRIES); the client's default when absent. */
  retries?: number;
}

/** Values of one remote object as the resource's attributes (no token: the API never returns it after create). */
export type RemoteObject = Values;

export interface PlanRequest {
  /** Evaluated configuration (may contain UNKNOWN). */
  config: Values;
  /** Prior state values, absent for a new instance. */
  prior?: Values;
  provider: ProviderSettings;
}

export interface ResourceType {
  readonly typeName: string;
  readonly schema: BlockSchema;
  /** Top-level attributes whose change replaces the object (RequiresReplace). */
  readonly requiresReplace: readonly string[];
  /** Computed attributes that keep their prior value across an in-place update (UseStateForUnknown). */
  readonly useStateForUnknown: readonly string[];
  /** The reason shown when a change of `attribute` forces replacement. */
  replaceReason(attribute: string): string;
  /**
   * The planned values of an instance: configuration plus defaults and derived values (a canonical derived from
   * the name, the provider's default organization). Pure. Computed values not yet known are UNKNOWN.
   */
  plannedValues(req: PlanRequest): Values;
  /** The identity of an object in its organization, e.g. `acme/ci-deploy`, from values (planned, prior or remote). */
  identity(values: Values): string;
  /**
   * What tells `found` (a remote object with the identity of a create an interrupted run left pending) apart from
   * the object that create would have made, given `recorded`, the pending record's values: the attributes that
   * differ; empty when it may be that object. Without it, any object found counts as made by the create.
   */
  differencesFromCreate?(recorded: Values, found: RemoteObject): string[];
  /**
   * What makes planned values impossible to create, as error summaries (an API key with no organization: neither
   * configured nor the provider's default); the planner reports them, so that an apply never starts on them.
   */
  plannedProblems?(planned: Values): string[];
}

/** The runtime side of a resource: the calls that read and change remote objects. */
export interface ResourceClient {
  /** Every object of the given organizations keyed by identity, read through the list endpoint's pages. */
  list(organizations: readonly string[]): Promise<Map<string, RemoteObject>>;
  /** One object by identity, or undefined when it does not exist. */
  read(identity: string): Promise<RemoteObject | undefined>;
  /**
   * Creates the object and returns all of its values, the token included. Never creates twice: after a lost
   * answer it looks the canonical up (see the implementation for the protocol).
   */
  create(req: { planned: Values }): Promise<Values>;
  /** Updates in place the attributes that allow it and returns the new values (the prior token kept). */
  update(req: { prior: Values; planned: Values }): Promise<Values>;
  /** Deletes (revokes) the object; an object already gone is not an error. */
  delete(req: { prior: Values }): Promise<void>;
  /** Values for `keyform import ADDR ID`; the token is null (the API shows it only at creation). */
  importState(req: { id: string }): Promise<Values>;
  close(): Promise<void>;
}
