/**
 * schemas/provider-schema.json — the single source of truth for the provider and its resources, in the format of
 * `terraform providers schema -json`. Config validation, the planner and the CDKTF bindings read it from here.
 */
import { readFileSync } from 'node:fs';
import { schemaPath } from '../package-root.js';

export type TypeSpec = string | [string, TypeSpec] | ['object', Record<string, TypeSpec>];

export interface AttributeSchema {
  type?: TypeSpec;
  nested_type?: { attributes: Record<string, AttributeSchema>; nesting_mode: 'single' | 'list' | 'set' | 'map' };
  description?: string;
  required?: boolean;
  optional?: boolean;
  computed?: boolean;
  sensitive?: boolean;
}

export interface BlockSchema {
  attributes: Record<string, AttributeSchema>;
  description?: string;
}

export interface ProviderSchemaFile {
  format_version: string;
  provider_schemas: Record<string, {
    provider: { version: number; block: BlockSchema };
    resource_schemas: Record<string, { version: number; block: BlockSchema }>;
    data_source_schemas?: Record<string, { version: number; block: BlockSchema }>;
  }>;
}

export const PROVIDER_SOURCE = 'registry.terraform.io/cycloidio/cycloid';
export const PROVIDER_NAME = 'cycloid';

let cached: ProviderSchemaFile | undefined;

export function providerSchemaFile(): ProviderSchemaFile {
  cached ??= JSON.parse(readFileSync(schemaPath('provider-schema.json'), 'utf8')) as ProviderSchemaFile;
  return cached;
}

export function providerBlock(): BlockSchema {
  return providerSchemaFile().provider_schemas[PROVIDER_SOURCE]!.provider.block;
}

export function resourceSchema(type: string): { version: number; block: BlockSchema } | undefined {
  return providerSchemaFile().provider_schemas[PROVIDER_SOURCE]!.resource_schemas[type];
}

export function resourceTypes(): string[] {
  return Object.keys(providerSchemaFile().provider_schemas[PROVIDER_SOURCE]!.resource_schemas);
}

const sensitiveByType = new Map<string, string[]>();

/**
 * Top-level attribute names that are sensitive (values redacted everywhere, encrypted in state). One frozen list per
 * type, shared by every caller (it is asked for once per instance of every state read and every plan).
 */
export function sensitiveAttributes(type: string): string[] {
  let names = sensitiveByType.get(type);
  if (!names) {
    const block = resourceSchema(type)?.block;
    names = Object.freeze(block ? Object.entries(block.attributes).filter(([, a]) => a.sensitive).map(([k]) => k) : []) as string[];
    sensitiveByType.set(type, names);
  }
  return names;
}
