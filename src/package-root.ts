/** The folder keyform is installed in (holding package.json and schemas/), found from this compiled file. */
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

// This file compiles to dist/src/package-root.js: two levels below the package root.
export const packageRoot: string = fileURLToPath(new URL('../../', import.meta.url));

export const schemaPath = (name: string): string => join(packageRoot, 'schemas', name);
