/**
 * The next release's reference cases (../shared/fidelity-next beside the repository, when present) of
 * the names the core supports so far. The list is explicit so that nothing is skipped silently: every
 * case of a listed name must pass, and a listed name with no case there fails. The folder's other
 * names (GAN and VAE losses, CRF, the new train tasks, L-BFGS) come with later work.
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { test } from 'node:test';
import { fixturePath } from '../core/fixtures';
import { fidelityDir, loadFolder } from './cases';
import { label, runCase } from './suite';

/** The names the core supports, by file; a train case's name is its kind of run (`caseName`). */
const SUPPORTED: Record<string, readonly string[]> = {
  'optimizer.json': ['adan'],
  'layer.json': ['batch_norm', 'dropout'],
  'loss.json': [
    'margin_ranking',
    'ranknet',
    'listnet',
    'info_nce',
    'uncertainty_weighting',
    'gan_d_bce',
    'gan_g_bce',
    'gan_g_minimax',
    'lsgan_d',
    'lsgan_g',
    'wgan_critic',
    'wgan_g',
    'hinge_gan_d',
    'hinge_gan_g',
    'vae',
    'crf_nll',
  ],
  'train.json': ['ranking', 'multitask', 'lbfgs', 'vae', 'wgan_gp', 'crf'],
};

/**
 * A case's name; train cases have none, and are named as the folder's README recognises them: L-BFGS and
 * batch-norm runs by their optimizer and model, the others by their task.
 */
function caseName(c: Record<string, unknown>): string {
  if (c.kind !== 'train') return String(c.name);
  const t = c as { task?: string; optimizer?: { name?: string }; model?: { batch_norm?: boolean } };
  if (t.optimizer?.name === 'lbfgs') return 'lbfgs';
  if (t.model?.batch_norm) return 'batch_norm';
  return String(t.task);
}

// out/ has a package.json of its own; ARCHITECTURE.md is only at the repository's root.
const ROOT = dirname(fixturePath('ARCHITECTURE.md', '.'));
const NEXT_DIR = resolve(ROOT, '..', 'shared', 'fidelity-next');

function supportedCases(dir: string) {
  return loadFolder(dir).filter((e) => SUPPORTED[e.file]?.includes(caseName(e.case)));
}

/** Listed names with no case in `dir`, as `file name`. */
function missing(dir: string): string[] {
  const present = new Set(supportedCases(dir).map((e) => `${e.file} ${caseName(e.case)}`));
  return Object.entries(SUPPORTED).flatMap(([file, names]) =>
    names.map((n) => `${file} ${n}`).filter((k) => !present.has(k)),
  );
}

test("the project's fixtures have cases of every supported next-release name", () => {
  assert.deepEqual(missing(fidelityDir()), []);
});

if (!existsSync(NEXT_DIR)) {
  test('next-release reference cases', (t) => t.skip(`no folder at ${NEXT_DIR}`));
} else {
  test('the next-release folder has cases of every supported name', () => assert.deepEqual(missing(NEXT_DIR), []));
  supportedCases(NEXT_DIR).forEach((e, i) => {
    test(`next-release ${e.file} ${label(e.case, i)}`, () => {
      const r = runCase(e.case);
      assert.ok(r.ok, r.message);
    });
  });
}
