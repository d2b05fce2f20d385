// The cores a benchmark gets while other work shares the machine.
import { Worker } from 'node:worker_threads';

/**
 * How many cores this process gets now: the same arithmetic on one thread, then split over two. Other work
 * on the machine can leave two threads no faster than one, and then nothing parallel can be either.
 */
export async function freeCores() {
  const code = `
    const { parentPort, workerData } = require('node:worker_threads');
    let x = 0;
    for (let i = 0; i < workerData; i++) x += Math.sqrt(i);
    parentPort.postMessage(x);`;
  const work = (n, threads) => {
    const t0 = performance.now();
    const jobs = Array.from(
      { length: threads },
      () =>
        new Promise((resolve) => new Worker(code, { eval: true, workerData: n / threads }).once('message', resolve)),
    );
    return Promise.all(jobs).then(() => performance.now() - t0);
  };
  const n = 3e8;
  let one = Infinity;
  let two = Infinity;
  for (let k = 0; k < 2; k++) {
    one = Math.min(one, await work(n, 1));
    two = Math.min(two, await work(n, 2));
  }
  return one / two;
}
