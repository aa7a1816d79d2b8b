/**
 * The Terraform JSON shape HCL blocks come out in — the form decoders read (documentation by example): every
 * block body is a list of objects, label levels are objects, bare references and types become "${…}" strings.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ours } from './reference.js';

const shape = (text: string): unknown => {
  const result = ours(text);
  assert.ok('ok' in result, JSON.stringify(result));
  return result.ok;
};

describe('the JSON shape of HCL blocks', () => {
  it('variable: {NAME: [{type, default, description, sensitive, validation: [{condition, error_message}]}]}', () => {
    const text = [
      'variable "env" {',
      '  type        = string',
      '  default     = "prod"',
      '  description = "Where"',
      '  sensitive   = false',
      '  validation {',
      '    condition     = contains(["prod", "dev"], var.env)',
      '    error_message = "Unknown env."',
      '  }',
      '}',
      'variable "tags" {',
      '  type    = map(string)',
      '  default = { team = "ci" }',
      '}',
      '',
    ].join('\n');
    assert.deepEqual(shape(text), {
      variable: {
        env: [{ type: '${string}', default: 'prod', description: 'Where', sensitive: false, validation: [{ condition: '${contains(["prod", "dev"], var.env)}', error_message: 'Unknown env.' }] }],
        tags: [{ type: '${map(string)}', default: { team: 'ci' } }],
      },
    });
  });

  it('locals: a list of objects, one per block', () => {
    assert.deepEqual(shape('locals {\n  a = 1\n  b = "x-${var.env}"\n}\nlocals {\n  c = [local.a]\n}\n'), { locals: [{ a: 1, b: 'x-${var.env}' }, { c: ['${local.a}'] }] });
  });

  it('resource with lifecycle, depends_on, provider, count', () => {
    const text = 'resource "t" "n" {\n  count = 2\n  provider = cycloid.eu\n  depends_on = [t.m]\n  lifecycle {\n    ignore_changes = all\n  }\n}\n';
    assert.deepEqual(shape(text), { resource: { t: { n: [{ count: 2, provider: '${cycloid.eu}', depends_on: ['${t.m}'], lifecycle: [{ ignore_changes: '${all}' }] }] } } });
  });

  it('terraform, provider and output', () => {
    const text = 'terraform {\n  backend "local" {\n    path = "x.tfstate"\n  }\n  required_providers {\n    cycloid = { source = "cycloidio/cycloid" }\n  }\n}\nprovider "cycloid" {\n  alias = "eu"\n}\noutput "o" {\n  value = t.n.id\n}\n';
    assert.deepEqual(shape(text), {
      terraform: [{ backend: { local: [{ path: 'x.tfstate' }] }, required_providers: [{ cycloid: { source: 'cycloidio/cycloid' } }] }],
      provider: { cycloid: [{ alias: 'eu' }] },
      output: { o: [{ value: '${t.n.id}' }] },
    });
  });
});
