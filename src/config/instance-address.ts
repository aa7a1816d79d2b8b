/** Instance addresses of expanded resources, written the way state and Terraform write them. */
import type { IndexKey } from '../state/types.js';

export type { IndexKey };

/** `type.name`, `type.name[0]` or `type.name["key"]`. */
export function formatInstanceAddress(resource: string, key: IndexKey | undefined): string {
  if (key === undefined) return resource;
  return typeof key === 'number' ? `${resource}[${key}]` : `${resource}[${JSON.stringify(key)}]`;
}
