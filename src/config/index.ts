/**
 * Configuration: load Terraform JSON (`*.tf.json`, CDKTF's `cdk.tf.json`) and HCL (`*.tf`, keyform's own parser,
 * which outputs what @cdktf/hcl2json outputs) into the model, validate it
 * against the provider schema and the API's rules, resolve input variables, and evaluate it into desired
 * instances in dependency order.
 */
export type * from './types.js';
export { loadConfigDir, loadConfigSources, type ConfigSource, type LoadResult } from './load.js';
export { validateModule } from './validate.js';
export { sortDiagnostics } from './sort-diagnostics.js';
export { evaluate, evaluateOutput, evaluateResource, desiredInstances, type Desired, type EvalSite } from './evaluate.js';
export { buildGraph, resourceDependencies, type Graph } from './graph.js';
export { Reference, references, referencedAddresses } from './references.js';
export { addressScope, moduleScope, type InstanceKeys, type ResourceLookup } from './scopes.js';
export { prepareModule, ModuleContext, type InstanceRef, type PrepareOptions } from './context.js';
export { openConfig, inputsHash, type OpenConfigOptions, type OpenedConfig } from './open.js';
export { resolveVariables, type VariableInput, type ResolvedVariables } from './variables.js';
export { readVariableInputs, type VariableArgument } from './variable-files.js';
export { NotFound, traverse, type Scope } from './expr/scope.js';
export { traversalText, type Step, type Traversal } from './expr/ast.js';
export { configHash, canonicalJson } from './hash.js';
export { CanonicalClaims } from './instance-canonicals.js';
export { providerOrganizations } from './check-duplicates.js';
