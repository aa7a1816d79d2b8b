/** The counts of a plan in Terraform's words: `1 to add, 2 to change, 0 to destroy.` */
import type { PlanSummary } from '../plan/types.js';

export const summaryText = (s: Pick<PlanSummary, 'add' | 'change' | 'destroy'>): string => `${s.add} to add, ${s.change} to change, ${s.destroy} to destroy.`;
