/** A file shipped with Loss Lab, wherever it was installed from. */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A file shipped with Loss Lab (`dist/webview.js`, `media/dashboard.css`), found from the bundle or the compiled sources. */
export function installedFile(...parts: string[]): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, ...parts);
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir)
      throw new Error(`${parts.join('/')} is missing from the installation (run npm run build)`);
  }
}
