/**
 * A series that keeps at most `capacity` points however long the run: when full it drops every other
 * point and from then on keeps one point in `stride`, so memory stays bounded while the curve keeps
 * its shape end to end. The full record stays on disk in events.jsonl.
 */
export class BoundedSeries<T> {
  private items: T[] = [];
  private stride = 1;
  private seen = 0;

  constructor(private readonly capacity: number) {}

  push(item: T): boolean {
    const keep = this.seen++ % this.stride === 0;
    if (!keep) return false;
    this.items.push(item);
    if (this.items.length >= this.capacity) {
      this.items = this.items.filter((_, i) => i % 2 === 0);
      this.stride *= 2;
    }
    return true;
  }

  /** Empties the series, as new. */
  clear(): void {
    this.items = [];
    this.stride = 1;
    this.seen = 0;
  }

  get values(): readonly T[] {
    return this.items;
  }

  get length(): number {
    return this.items.length;
  }
}
