/**
 * The `terraform` block: `backend` (only `local` in this release), `required_providers` (accepted; a cycloid
 * source other than cycloidio/cycloid is an error), `required_version` and friends (accepted, ignored).
 */
import type { BackendConfig } from './types.js';
import { kindOf, members, type Decoder } from './decoder.js';
import { suggestion } from './did-you-mean.js';
import type { JsonNode } from './json-ast.js';
import { append } from './append.js';

const KEYS = ['backend', 'required_providers', 'required_version', 'cloud', 'experiments', 'provider_meta'];
const IGNORED = new Set(['required_version', 'experiments', 'provider_meta']);
const CYCLOID_SOURCES = new Set(['cycloidio/cycloid', 'registry.terraform.io/cycloidio/cycloid']);
const LOCAL_KEYS = ['path', 'workspace_dir'];
export const ONLY_LOCAL = 'only the local backend is supported in this release';

export function decodeTerraform(node: JsonNode, dec: Decoder): BackendConfig[] {
  const backends: BackendConfig[] = [];
  for (const body of dec.bodies(node, 'terraform')) {
    for (const e of members(body)) {
      const where = { path: `terraform.${e.key}` };
      if (e.key === 'backend') append(backends, decodeBackend(e.value, dec));
      else if (e.key === 'required_providers') decodeRequiredProviders(e.value, dec);
      else if (e.key === 'cloud') dec.error(`HCP Terraform ("cloud" block) is not supported: ${ONLY_LOCAL}`, e.at.line, where);
      else if (!IGNORED.has(e.key)) dec.error(`Unknown argument "${e.key}" in the terraform block${suggestion(e.key, KEYS)}`, e.at.line, where);
    }
  }
  return backends;
}

function decodeBackend(node: JsonNode, dec: Decoder): BackendConfig[] {
  const out: BackendConfig[] = [];
  for (const body of dec.bodies(node, 'terraform.backend', { path: 'terraform.backend' })) {
    for (const e of members(body)) {
      const path = `terraform.backend.${e.key}`;
      if (e.key !== 'local') {
        dec.error(`Unsupported backend "${e.key}": ${ONLY_LOCAL}`, e.at.line, { path });
        continue;
      }
      const backend: BackendConfig = { type: 'local', source: { file: dec.file, line: e.at.line } };
      for (const settings of dec.bodies(e.value, 'backend "local"', { path })) {
        for (const s of members(settings)) {
          const where = { path: `${path}.${s.key}` };
          if (s.key === 'path') {
            if (s.value.kind === 'string' && s.value.value !== '') backend.path = s.value.value;
            else dec.error(`The local backend's path must be a non-empty string, found ${s.value.kind === 'string' ? 'an empty string' : kindOf(s.value)}`, s.value.line, where);
          } else if (s.key === 'workspace_dir') dec.error('Workspaces are not supported: the local backend takes only path', s.at.line, where);
          else dec.error(`Unknown argument "${s.key}" for the local backend${suggestion(s.key, LOCAL_KEYS)}`, s.at.line, where);
        }
      }
      out.push(backend);
    }
  }
  return out;
}

function decodeRequiredProviders(node: JsonNode, dec: Decoder): void {
  for (const body of dec.bodies(node, 'terraform.required_providers', { path: 'terraform.required_providers' })) {
    for (const e of members(body)) {
      const where = { path: `terraform.required_providers.${e.key}` };
      const v = e.value;
      if (v.kind === 'string') continue; // legacy shorthand: a version constraint
      if (v.kind !== 'object') {
        dec.error(`required_providers.${e.key} must be an object {source, version}, found ${kindOf(v)}`, v.line, where);
        continue;
      }
      const source = v.entries.find((s) => s.key === 'source')?.value;
      if (e.key !== 'cycloid' || source === undefined) continue;
      if (source.kind !== 'string' || !CYCLOID_SOURCES.has(source.value.toLowerCase())) {
        const shown = source.kind === 'string' ? `"${source.value}"` : kindOf(source);
        dec.error(`The cycloid provider's source must be "cycloidio/cycloid", found ${shown}`, source.line, { path: `${where.path}.source` });
      }
    }
  }
}
