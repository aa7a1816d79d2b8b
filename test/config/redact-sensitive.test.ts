import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { error } from '../../src/diagnostics.js';
import { redactSensitive, sensitiveTexts } from '../../src/config/redact-sensitive.js';

describe('redactSensitive', () => {
  const variables = new Map<string, unknown>([
    ['pin', 'hunter2-pin'],
    ['short', 'ab'],
    ['nested', { team: 'platform-secret', ids: [4242] }],
    ['public', 'hunter2-pin-public'],
  ]) as Map<string, never>;
  const texts = sensitiveTexts(variables, new Set(['pin', 'short', 'nested']));

  it('takes every string leaf of the sensitive variables, not the others', () => {
    assert.deepEqual([...texts].sort(), ['4242', 'ab', 'hunter2-pin', 'platform-secret']);
  });

  it('redacts quoted occurrences of any length and bare ones of 6 characters or more, in summary and detail', () => {
    const [d] = redactSensitive([error('cannot convert "hunter2-pin" to a number', { detail: 'in platform-secret and "ab", not about', address: 'x.y' })], texts);
    assert.equal(d!.summary, 'cannot convert (sensitive value) to a number');
    assert.equal(d!.detail, 'in (sensitive value) and (sensitive value), not about');
    assert.equal(d!.address, 'x.y');
  });

  it('leaves a short value alone when it is not quoted (it would hide ordinary words), and returns the same array when nothing is sensitive', () => {
    const ds = [error('an absent value')];
    assert.equal(redactSensitive(ds, texts)[0]!.summary, 'an absent value');
    assert.equal(redactSensitive(ds, []), ds);
  });
});
