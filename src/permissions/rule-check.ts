/** Syntax of a list of rules: each action and resource must be a valid glob. */
import { checkGlob } from './glob-check.js';

/** One `path: message` line per invalid action or resource; `path` prefixes each (`rules[0].action`). */
export function checkRules(rules: ReadonlyArray<{ action: string; resources?: readonly string[] }> | undefined, path = 'rules'): string[] {
  const problems: string[] = [];
  (rules ?? []).forEach((rule, i) => {
    const actionProblem = checkGlob(rule.action);
    if (actionProblem) problems.push(`${path}[${i}].action: ${actionProblem}`);
    (rule.resources ?? []).forEach((resource, j) => {
      const problem = checkGlob(resource);
      if (problem) problems.push(`${path}[${i}].resources[${j}]: ${problem}`);
    });
  });
  return problems;
}
