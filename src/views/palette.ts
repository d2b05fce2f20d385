/**
 * Which palette colour each shown run wears: the lowest one free when it first appears, kept while it
 * stays shown, so that adding or removing a run never recolours the others. The extension assigns them
 * for the panel and the side bar alike (RunView.color), so a run has one colour in both; a view without
 * that (the HTML report) assigns them itself, the same way.
 */
export class PaletteSlots {
  private readonly slots = new Map<string, number>();

  /** The slots of `ids`, the runs shown now: runs no longer shown give theirs back first. */
  assign(ids: readonly string[]): ReadonlyMap<string, number> {
    const shown = new Set(ids);
    for (const id of [...this.slots.keys()]) if (!shown.has(id)) this.slots.delete(id);
    for (const id of ids) {
      if (this.slots.has(id)) continue;
      const used = new Set(this.slots.values());
      let slot = 0;
      while (used.has(slot)) slot++;
      this.slots.set(id, slot);
    }
    return this.slots;
  }
}
