/**
 * The words and symbols of each planned action, in one table so every renderer says the same thing:
 * the human plan's symbol and header, the legend, the JSON plan's `actions` and the events' `action`.
 */
import type { Action } from '../plan/types.js';

export type Marker = ' ' | '+' | '-' | '~' | '-/+' | '+/-';

export interface ActionWords {
  /** The symbol in front of `resource` in the human plan. */
  symbol: Marker;
  /** `# ADDRESS will be created`. */
  header: string;
  /** The symbol legend: `+ create`. */
  legend: string;
  /** Short label for tables (markdown). */
  label: string;
  /** `change.actions` of Terraform's JSON plan. */
  jsonActions: string[];
  /** `change.action` of Terraform's machine-readable UI. */
  eventAction: string;
}

export const ACTION_WORDS: Readonly<Record<Action, ActionWords>> = {
  'no-op': { symbol: ' ', header: 'has no changes', legend: 'no change', label: 'no change', jsonActions: ['no-op'], eventAction: 'noop' },
  create: { symbol: '+', header: 'will be created', legend: 'create', label: 'create', jsonActions: ['create'], eventAction: 'create' },
  update: { symbol: '~', header: 'will be updated in place', legend: 'update in place', label: 'update in place', jsonActions: ['update'], eventAction: 'update' },
  'delete-then-create': {
    symbol: '-/+',
    header: 'must be replaced',
    legend: 'destroy and then create replacement',
    label: 'replace (destroy, then create)',
    jsonActions: ['delete', 'create'],
    eventAction: 'replace',
  },
  'create-then-delete': {
    symbol: '+/-',
    header: 'must be replaced',
    legend: 'create replacement and then destroy',
    label: 'replace (create, then destroy)',
    jsonActions: ['create', 'delete'],
    eventAction: 'replace',
  },
  delete: { symbol: '-', header: 'will be destroyed', legend: 'destroy', label: 'destroy', jsonActions: ['delete'], eventAction: 'delete' },
};

/** The legend's order (Terraform's). */
export const LEGEND_ORDER: readonly Action[] = ['create', 'update', 'delete-then-create', 'create-then-delete', 'delete'];

/** Words for an action during apply: `Creating...`, `Creation complete after 1.2s`. */
export interface HookWords {
  progressive: string;
  still: string;
  noun: string;
}

const HOOK_WORDS: Readonly<Record<string, HookWords>> = {
  create: { progressive: 'Creating', still: 'creating', noun: 'Creation' },
  update: { progressive: 'Modifying', still: 'modifying', noun: 'Modifications' },
  delete: { progressive: 'Destroying', still: 'destroying', noun: 'Destruction' },
  replace: { progressive: 'Replacing', still: 'replacing', noun: 'Replacement' },
  noop: { progressive: 'Checking', still: 'checking', noun: 'Check' },
};

/** The machine-readable action of a step: a plan action, or a primitive step of a replacement. */
export type HookAction = Action | 'replace';

export const hookAction = (action: HookAction): string => (action === 'replace' ? 'replace' : ACTION_WORDS[action]?.eventAction ?? 'noop');

export const hookWords = (action: HookAction): HookWords => HOOK_WORDS[hookAction(action)] ?? HOOK_WORDS['noop']!;

export const isReplaceStep = (action: HookAction): boolean => hookAction(action) === 'replace';
