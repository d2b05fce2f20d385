/** The quick pick every multi-step flow asks with: one step of several, a value per item. */
import * as vscode from 'vscode';

export interface Item<T> extends vscode.QuickPickItem {
  value: T;
}

/** A quick pick with `preselect` active; resolves to undefined on Escape. */
export function pick<T>(
  title: string,
  step: number,
  items: Item<T>[],
  preselect: T,
  totalSteps = 5,
): Promise<T | undefined> {
  return new Promise((resolve) => {
    const qp = vscode.window.createQuickPick<Item<T>>();
    qp.title = title;
    qp.step = step;
    qp.totalSteps = totalSteps;
    qp.items = items;
    qp.matchOnDescription = true;
    const active = items.find((i) => i.value === preselect);
    if (active) qp.activeItems = [active];
    let done = false;
    qp.onDidAccept(() => {
      done = true;
      resolve(qp.selectedItems[0]?.value ?? qp.activeItems[0]?.value);
      qp.hide();
    });
    qp.onDidHide(() => {
      if (!done) resolve(undefined);
      qp.dispose();
    });
    qp.show();
  });
}
