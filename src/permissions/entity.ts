/** The entity string an action is about, as the can_do endpoint builds it. */

/**
 * The action's segments minus its verb, alternated with the organization and then `entityCanonicals`:
 * (`organization:project:environment:read`, `acme`, [`web`, `prod`]) → `organization:acme:project:web:environment:prod`.
 * With fewer canonicals it stops after the last one given (`organization:acme`). Undefined when there are
 * more values than entity segments, or when a value is empty or contains `:` (it would forge segments).
 */
export function entityFor(action: string, organization: string, entityCanonicals: readonly string[]): string | undefined {
  const kinds = action.split(':').slice(0, -1);
  const values = [organization, ...entityCanonicals];
  if (values.length > kinds.length) return undefined;
  const parts: string[] = [];
  for (let i = 0; i < values.length; i++) {
    const value = values[i] ?? '';
    if (value.length === 0 || value.includes(':')) return undefined;
    parts.push(kinds[i] ?? '', value);
  }
  return parts.join(':');
}
