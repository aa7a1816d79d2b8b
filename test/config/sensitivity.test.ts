/** Which attributes and references are sensitive, found from the configuration's references (sensitivity.ts). */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { declarationReferences } from '../../src/config/references.js';
import { Sensitivity } from '../../src/config/sensitivity.js';
import type { ConfigModule } from '../../src/config/types.js';
import { moduleOf } from './fixtures.js';

const KEY = 'cycloid_organization_api_key';
const RULES = [{ action: 'organization:project:read', effect: 'allow' }];

/** What each output's value reads that is sensitive (undefined: nothing). */
function outputSources(module: ConfigModule, sensitiveVariables: string[]): Record<string, string | undefined> {
  const s = new Sensitivity(module, new Set(sensitiveVariables));
  return Object.fromEntries(module.outputs.map((o) => [o.name, declarationReferences(o).map((r) => s.source(r)).find((x) => x !== undefined)]));
}

describe('config: sensitivity', () => {
  it('follows a value through locals and resources, in any order of declaration, and stops at what is not sensitive', () => {
    const module = moduleOf({
      variable: { pin: { sensitive: true, default: 'x' }, open: { default: 'y' } },
      // Declared before what they read: the analysis repeats until nothing changes.
      locals: { c: '${local.b}', b: `\${${KEY}.carrier.description}`, a: '${var.pin}', plain: '${var.open}' },
      resource: {
        [KEY]: {
          carrier: { name: 'Carrier', description: '${local.a}', rules: RULES },
          counted: { count: 2, name: 'Counted ${count.index}', rules: RULES },
          mirror: { name: `\${${KEY}.carrier.name}`, description: `\${local.c}`, rules: RULES },
        },
      },
      output: {
        via_locals: { value: '${local.c}' },
        plain: { value: '${local.plain}' },
        carrier_name: { value: `\${${KEY}.carrier.name}` },
        carrier_description: { value: `\${${KEY}.carrier.description}` },
        mirror_description: { value: `\${${KEY}.mirror.description}` },
        counted_token: { value: `\${${KEY}.counted[0].token}` },
        counted_splat: { value: `\${${KEY}.counted[*].token}` },
        counted_ids: { value: `\${${KEY}.counted[*].id}` },
        whole: { value: `\${${KEY}.mirror}` },
      },
    });
    const s = new Sensitivity(module, new Set(['pin']));
    assert.deepEqual(s.attributesOf(`${KEY}.carrier`), ['description']);
    assert.deepEqual(s.attributesOf(`${KEY}.mirror`), ['description'], 'the name read from a non-sensitive attribute stays shown');
    assert.deepEqual(s.attributesOf(`${KEY}.counted`), []);
    assert.deepEqual(outputSources(module, ['pin']), {
      via_locals: 'local.c',
      plain: undefined,
      carrier_name: undefined,
      carrier_description: `${KEY}.carrier.description`,
      mirror_description: `${KEY}.mirror.description`,
      counted_token: `${KEY}.counted.token`,
      counted_splat: `${KEY}.counted.token`,
      counted_ids: undefined,
      whole: `${KEY}.mirror.token`,
    });
  });

  it('without sensitive variables, a token copied into another key still makes that attribute sensitive', () => {
    const module = moduleOf({
      resource: {
        [KEY]: {
          a: { name: 'Alpha', rules: RULES },
          b: { name: 'Beta', description: `uses \${${KEY}.a.token}`, rules: [{ action: `\${${KEY}.a.id}`, effect: 'allow' }] },
        },
      },
    });
    const s = new Sensitivity(module, new Set());
    assert.deepEqual(s.attributesOf(`${KEY}.b`), ['description'], 'rules read the id only: not sensitive');
    // What count and for_each may not read: sensitive variables, through locals; never a resource (known after apply).
    const variablesOnly = new Sensitivity(module, new Set(), { throughResources: false });
    assert.deepEqual(variablesOnly.attributesOf(`${KEY}.b`), []);
  });

  it('ends on locals that read each other (a cycle the graph check reports)', () => {
    const module = moduleOf({
      variable: { pin: { sensitive: true, default: 'x' } },
      locals: { a: '${local.b}', b: '${local.a}', c: '${var.pin}' },
      output: { cycle: { value: '${local.a}' }, secret: { value: '${local.c}' } },
    });
    assert.deepEqual(outputSources(module, ['pin']), { cycle: undefined, secret: 'local.c' });
  });
});
