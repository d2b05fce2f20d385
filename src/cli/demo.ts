/** `losslab demo`: trains on the bundled iris sample with three setups side by side. */
import * as path from 'node:path';
import { defaultConfig } from '../core/config/defaults';
import { resolveRunConfig } from '../core/config/resolve';
import { type Command, type ParsedArgs, commonFlags, runsDir } from './args';
import { comparisonTable, runAll } from './experiment';
import { installedFile } from '../io/installed';
import { writeReport } from '../runs/report';

const SETUPS = [
  { name: 'cross-entropy + Adam', loss: 'cross_entropy', optimizer: { name: 'adam', lr: 0.01 } },
  { name: 'cross-entropy + SGD', loss: 'cross_entropy', optimizer: { name: 'sgd', lr: 0.05 } },
  { name: 'focal + Adam', loss: { name: 'focal', gamma: 2 }, optimizer: { name: 'adam', lr: 0.01 } },
];

export const DEMO_COMMAND: Command = {
  name: 'demo',
  usage: ['demo [--out DIR] [--quiet]'],
  summary: 'three setups on the bundled iris sample, a comparison table and an HTML report',
  groups: [{ title: 'flags', flags: commonFlags('--out', '--quiet') }],
  run: demoCommand,
};

async function demoCommand(parsed: ParsedArgs): Promise<number> {
  const csv = installedFile('media', 'samples', 'iris.csv');
  const outDir = runsDir(parsed);
  process.stdout.write(
    `Loss Lab demo: iris (150 flowers, 4 measurements, 3 species), one hidden layer of 16, 60 epochs\n\n`,
  );
  const configs = SETUPS.map((s) =>
    resolveRunConfig(
      { ...s, model: { hidden: [16] }, training: { epochs: 60, batchSize: 16, seed: 1 } },
      defaultConfig(csv),
    ),
  );
  const outcomes = await runAll(configs, { outDir, experiment: 'demo', quiet: parsed.flags.has('--quiet') });
  const report = path.join(path.dirname(outDir), 'demo-report.html');
  writeReport(
    report,
    outcomes.map((o) => o.runDir!),
  );
  process.stdout.write(
    `${comparisonTable(outcomes)}\n\nRuns recorded in ${outDir} (list them with: losslab runs)\nCharts: open ${report} in a browser\n`,
  );
  return 0;
}
