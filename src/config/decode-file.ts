/**
 * One Terraform JSON file (`*.tf.json`, CDKTF's `cdk.tf.json`) → its part of the module. Top-level `"//"`
 * (comments, CDKTF metadata) is ignored; an unknown top-level key is an error with a suggestion.
 */
import type { BackendConfig, LocalConfig, OutputConfig, ProviderConfig, ResourceConfig, VariableConfig } from './types.js';
import { decodeLocals } from './decode-locals.js';
import { decodeVariables } from './decode-variable.js';
import { decodeOutputs } from './decode-output.js';
import { decodeProviders } from './decode-provider.js';
import { decodeResources } from './decode-resource.js';
import { decodeTerraform } from './decode-terraform.js';
import { reportUnsupportedBlock, UNSUPPORTED_BLOCKS } from './decode-unsupported.js';
import { kindOf, members, type Decoder } from './decoder.js';
import { suggestion } from './did-you-mean.js';
import type { JsonNode } from './json-ast.js';
import { append } from './append.js';

export interface FileParts {
  backends: BackendConfig[];
  providers: ProviderConfig[];
  variables: VariableConfig[];
  locals: LocalConfig[];
  resources: ResourceConfig[];
  outputs: OutputConfig[];
}

const KNOWN = ['terraform', 'provider', 'variable', 'locals', 'resource', 'output', ...UNSUPPORTED_BLOCKS];

export function decodeFile(root: JsonNode, dec: Decoder): FileParts {
  const parts: FileParts = { backends: [], providers: [], variables: [], locals: [], resources: [], outputs: [] };
  if (root.kind !== 'object') {
    dec.error(`A Terraform JSON file must hold an object at the top level, found ${kindOf(root)}`, root.line);
    return parts;
  }
  for (const e of members(root)) {
    switch (e.key) {
      case 'terraform':
        append(parts.backends, decodeTerraform(e.value, dec));
        break;
      case 'provider':
        append(parts.providers, decodeProviders(e.value, dec));
        break;
      case 'resource':
        append(parts.resources, decodeResources(e.value, dec));
        break;
      case 'output':
        append(parts.outputs, decodeOutputs(e.value, dec));
        break;
      case 'variable':
        append(parts.variables, decodeVariables(e.value, dec));
        break;
      case 'locals':
        append(parts.locals, decodeLocals(e.value, dec));
        break;
      default:
        if (UNSUPPORTED_BLOCKS.includes(e.key)) reportUnsupportedBlock(e.key, e.value, e.at.line, dec);
        else dec.error(`Unknown top-level block "${e.key}"${suggestion(e.key, KNOWN)}`, e.at.line, { path: e.key });
    }
  }
  return parts;
}
