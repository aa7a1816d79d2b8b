/** `keyform/<version>`, the version read once from the package's package.json. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { packageRoot } from '../../package-root.js';

let cached: string | undefined;

export function defaultUserAgent(): string {
  if (cached === undefined) {
    let version = '0.0.0';
    try {
      const pkg = JSON.parse(readFileSync(join(packageRoot, 'package.json'), 'utf8')) as { version?: unknown };
      if (typeof pkg.version === 'string') version = pkg.version;
    } catch {
      // installed without package.json: keep 0.0.0
    }
    cached = `keyform/${version}`;
  }
  return cached;
}
