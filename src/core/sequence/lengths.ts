/**
 * The lengths of a batch's sequences: the runs of equal id in `group`, whose rows are whole and in order
 * (`GroupBatches`, the evaluation's contiguous sequences).
 */
export function sequenceLengths(group: ArrayLike<number>): number[] {
  const lengths: number[] = [];
  for (let i = 0; i < group.length; i++)
    if (i > 0 && group[i] === group[i - 1]) lengths[lengths.length - 1]++;
    else lengths.push(1);
  return lengths;
}
