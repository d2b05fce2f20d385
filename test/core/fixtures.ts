import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * A file under the project's `test/fixtures/` (or `test/` with `under = 'test'`), found by walking up
 * from this file, so tests work from the sources, from `out/` and from a bundle alike.
 */
export function fixturePath(name: string, under = join('test', 'fixtures')): string {
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, under, name);
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) return join(process.cwd(), under, name);
  }
}
