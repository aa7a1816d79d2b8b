/** `keyform/<version>`, from the package's package.json (src/version.ts). */
import { keyformVersion } from '../../version.js';

let cached: string | undefined;

export function defaultUserAgent(): string {
  if (cached === undefined) {
    let version = '0.0.0';
    try {
      version = keyformVersion();
    } catch {
      // installed without package.json: keep 0.0.0
    }
    cached = `keyform/${version}`;
  }
  return cached;
}
