/** Commands that write a new experiment file beside a CSV: a plain one, or one from a template. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';
import { summarizeTarget } from '../../core/dataset';
import { DEFAULT_LOSS } from '../../core/config/defaults';
import { GAN_SETTINGS, experimentTemplate } from '../../core/experimentTemplate';
import { settingKeys } from '../../views/generatePicks';
import { TEMPLATES } from '../../core/templates';
import {
  askGeneratorSettings,
  groupColumnField,
  loadTable,
  pickGroup,
  pickModel,
  pickTask,
  targetItems,
} from '../trainFlow';
import type { Command } from './context';
import { csvTarget } from './targets';

/** The CSV's table and the target column the user picks (last columns first); undefined when none is picked. */
async function pickTarget(csv: vscode.Uri, title: string) {
  const table = await loadTable(csv.fsPath);
  const picked = await vscode.window.showQuickPick(targetItems(table).reverse(), {
    title: `${title} ${path.basename(csv.fsPath)}: target column`,
  });
  const target = picked?.label;
  return target ? { table, target } : undefined;
}

/** `<stem>.losslab.json` beside the CSV, or `<stem>-2.losslab.json`, … when that exists. */
function freeExperimentFile(csv: vscode.Uri, stem: string): string {
  const dir = path.dirname(csv.fsPath);
  let file = path.join(dir, `${stem}.losslab.json`);
  for (let i = 2; fs.existsSync(file); i++) file = path.join(dir, `${stem}-${i}.losslab.json`);
  return file;
}

const stemOf = (csv: vscode.Uri) => path.basename(csv.fsPath).replace(/\.[^.]+$/, '');

async function writeAndOpen(file: string, text: string): Promise<void> {
  fs.writeFileSync(file, text);
  await vscode.window.showTextDocument(vscode.Uri.file(file));
}

/**
 * A generate experiment's model and its settings (steps 3 on, after the target and the task), the critic's
 * rate prefilled with the experiment's; undefined when the user cancels.
 */
async function askGenerator(title: string) {
  const total = (model: string) => 3 + settingKeys(model).length;
  const model = await pickModel(title, 3, DEFAULT_LOSS.generate, total);
  return model === undefined
    ? undefined
    : askGeneratorSettings(model, GAN_SETTINGS.optimizer.lr, title, 4, total(model));
}

export const newExperiment: Command = () => async (arg?: unknown) => {
  const uri = await csvTarget(arg, 'Use this CSV');
  if (!uri) return;
  const picked = await pickTarget(uri, 'New experiment from');
  if (!picked) return;
  const title = `New experiment from ${path.basename(uri.fsPath)}`;
  const task = await pickTask(picked.table, picked.target, title);
  if (!task) return;
  const field = groupColumnField(task);
  const column = field === null ? undefined : await pickGroup(picked.table, picked.target, title, 3, undefined, field);
  if (field !== null && !column) return;
  const generator = task === 'generate' ? await askGenerator(title) : undefined;
  if (task === 'generate' && !generator) return;
  await writeAndOpen(
    freeExperimentFile(uri, stemOf(uri)),
    experimentTemplate(path.basename(uri.fsPath), picked.target, task, {
      ...(field ? { [field]: column } : {}),
      generator,
    }),
  );
};

export const newFromTemplate: Command = () => async (arg?: unknown) => {
  const uri = await csvTarget(arg, 'Use this CSV');
  if (!uri) return;
  const picked = await pickTarget(uri, 'Experiment from template on');
  if (!picked) return;
  const { task, counts } = summarizeTarget(picked.table, { target: picked.target });
  const fitting = TEMPLATES.filter((t) => t.tasks.includes(task));
  const chosen = await vscode.window.showQuickPick(
    fitting.map((t) => ({ label: t.title, detail: t.description, template: t })),
    { title: `Template (${task})`, matchOnDetail: true },
  );
  if (!chosen) return;
  const file = freeExperimentFile(uri, `${stemOf(uri)}.${chosen.template.id}`);
  await writeAndOpen(file, chosen.template.build(path.basename(uri.fsPath), picked.target, task, counts ?? undefined));
};
