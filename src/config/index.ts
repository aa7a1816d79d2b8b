/**
 * Configuration: load Terraform JSON (`*.tf.json`, CDKTF's `cdk.tf.json`) into the model, validate it
 * against the provider schema and the API's rules, and evaluate it into desired instances in dependency order.
 */
export type * from './types.js';
export { loadConfigDir, loadConfigSources, type ConfigSource, type LoadResult } from './load.js';
export { validateModule } from './validate.js';
export { sortDiagnostics } from './sort-diagnostics.js';
export { evaluate, evaluateOutput, evaluateResource, desiredInstances, type Desired, type EvalSite } from './evaluate.js';
export { buildGraph, type Graph } from './graph.js';
export { Reference, references, referencedAddresses } from './references.js';
export { addressScope, configScope, type InstanceScope } from './scopes.js';
export { NotFound, traverse, type Scope } from './expr/scope.js';
export { traversalText, type Step, type Traversal } from './expr/ast.js';
export { configHash, canonicalJson } from './hash.js';
