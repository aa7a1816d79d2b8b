/** The ID of `keyform import ADDR ID` for an API key: `canonical` or `organization/canonical`. */
import { KeyformError } from '../../diagnostics.js';
import { isCanonical } from '../../canonical.js';

export function parseImportId(id: string, defaultOrganization: string | undefined): { organization: string; canonical: string } {
  const parts = id.trim().split('/');
  const [organization, canonical] = parts.length === 2 ? [parts[0]!, parts[1]!] : parts.length === 1 ? [defaultOrganization, parts[0]!] : [undefined, ''];
  if (parts.length > 2 || canonical === '' || (parts.length === 2 && organization === '')) {
    throw new KeyformError('INVALID_IMPORT_ID', `cannot import "${id}": the ID of an API key is CANONICAL or ORGANIZATION/CANONICAL`);
  }
  if (organization === undefined) {
    throw new KeyformError('INVALID_IMPORT_ID', `cannot import "${id}": no organization: use ORGANIZATION/${canonical}, or set the provider's default_organization (CY_ORG)`);
  }
  if (!isCanonical(canonical)) {
    throw new KeyformError('INVALID_IMPORT_ID', `cannot import "${id}": "${canonical}" is not a canonical (3 to 100 characters of a-z, 0-9, '-' and '_')`);
  }
  return { organization, canonical };
}
