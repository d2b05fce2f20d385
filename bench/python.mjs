// The Python peers' interpreter: PYTHON, else /usr/bin/python3, else python3 on the PATH.
import { spawnSync } from 'node:child_process';

/** The first interpreter that imports `module` (pandas, torch), or null. */
export function findPython(module) {
  for (const py of [process.env.PYTHON, '/usr/bin/python3', 'python3'].filter(Boolean)) {
    if (spawnSync(py, ['-c', `import ${module}`], { stdio: 'ignore' }).status === 0) return py;
  }
  return null;
}
