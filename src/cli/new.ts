/** `losslab new <template> <csv>`: writes an experiment file from a template, on the CSV's target and task. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadCsv } from '../io/csv/load';
import { buildDataset } from '../core/dataset';
import { LossLabError, showPath } from '../core/errors';
import { TEMPLATES, getTemplate } from '../core/templates';
import { type Command, type ParsedArgs, commandHelp } from './args';

function templateList(): string {
  const width = Math.max(...TEMPLATES.map((t) => t.id.length));
  return TEMPLATES.map((t) => `  ${t.id.padEnd(width)}  ${t.title} (${t.tasks.join(', ')})`).join('\n');
}

export const NEW_COMMAND: Command = {
  name: 'new',
  usage: ['new <template> <csv> [--target COL] [-o FILE]', 'new'],
  summary: "an experiment file from a template, on the CSV's target and task; without arguments, the list of templates",
  groups: [
    {
      title: 'flags',
      flags: [
        {
          flag: '--target',
          path: null,
          kind: 'string',
          arg: 'COL',
          help: 'the target column (default: the last); a,b,c for a distribution',
        },
        {
          flag: '--output',
          short: '-o',
          path: null,
          kind: 'string',
          arg: 'FILE',
          help: 'where to write (default: <csv name>.<template>.losslab.json next to the CSV)',
        },
        { flag: '--force', path: null, kind: 'bool', help: 'overwrite an existing file' },
      ],
    },
  ],
  notes: `templates:\n${templateList()}`,
  run: newCommand,
};

async function newCommand(parsed: ParsedArgs): Promise<number> {
  const [id, csv] = parsed.positional;
  if (!id) {
    process.stdout.write(`${commandHelp(NEW_COMMAND)}\n`);
    return 0;
  }
  const template = getTemplate(id);
  if (!csv) throw new LossLabError(`losslab new ${id} needs a CSV file: losslab new ${id} data.csv`);
  const targetArg = parsed.flags.get('--target')?.at(-1);
  const targets = targetArg?.split(',').map((s) => s.trim());
  const dataset = buildDataset(await loadCsv(csv), { target: targets, valSplit: 0 });
  const counts = dataset.classes ? dataset.classes.map(() => 0) : undefined;
  if (counts) for (const y of dataset.y) counts[y]++;

  const stem = path.basename(csv).replace(/\.csv$/i, '');
  const out = parsed.flags.get('--output')?.at(-1) ?? path.join(path.dirname(csv), `${stem}.${id}.losslab.json`);
  if (fs.existsSync(out) && !parsed.flags.has('--force'))
    throw new LossLabError(
      `${showPath(out)} already exists; choose another name with -o FILE, or --force to overwrite it`,
      { file: out },
    );
  const csvFromOut = path
    .relative(path.dirname(path.resolve(out)), path.resolve(csv))
    .split(path.sep)
    .join('/');
  const target = dataset.targetNames.length === 1 ? dataset.targetNames[0] : dataset.targetNames;
  fs.writeFileSync(out, template.build(csvFromOut, target, dataset.task, counts));
  process.stdout.write(
    `wrote ${out}: ${template.title}, on '${dataset.targetNames.join(', ')}' (${dataset.task})\nrun it with: losslab run ${out}\n`,
  );
  return 0;
}
