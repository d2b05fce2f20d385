/**
 * Per-class precision, recall, F1 and support from a confusion matrix (rows = true class, columns =
 * predicted), with the accuracy and the macro and support-weighted averages: scikit-learn's
 * `classification_report`, including its zero_division=0 (a class never predicted has precision 0, one
 * never present has recall 0, and F1 is 0 when both are).
 */
export interface ClassFigures {
  precision: number;
  recall: number;
  f1: number;
  support: number;
}

export interface ClassReport {
  perClass: ClassFigures[];
  accuracy: number;
  macro: ClassFigures;
  weighted: ClassFigures;
}

export function classReport(confusion: readonly (readonly number[])[]): ClassReport {
  const k = confusion.length;
  const total = confusion.reduce((s, row) => s + row.reduce((a, v) => a + v, 0), 0);
  let correct = 0;
  const perClass = confusion.map((row, c): ClassFigures => {
    const tp = row[c];
    correct += tp;
    const support = row.reduce((a, v) => a + v, 0);
    const predicted = confusion.reduce((s, r) => s + r[c], 0);
    const precision = predicted ? tp / predicted : 0;
    const recall = support ? tp / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { precision, recall, f1, support };
  });
  const average = (weight: (f: ClassFigures) => number): ClassFigures => {
    const w = perClass.map(weight);
    const sum = w.reduce((a, v) => a + v, 0) || 1;
    const mean = (pick: (f: ClassFigures) => number) => perClass.reduce((a, f, i) => a + w[i] * pick(f), 0) / sum;
    return {
      precision: mean((f) => f.precision),
      recall: mean((f) => f.recall),
      f1: mean((f) => f.f1),
      support: total,
    };
  };
  return {
    perClass,
    accuracy: total ? correct / total : 0,
    macro: average(() => (k ? 1 : 0)),
    weighted: average((f) => f.support),
  };
}
