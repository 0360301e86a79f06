/**
 * Overlapping refreshes of one in-memory snapshot (a change event, the periodic safety net, a write
 * here) whose reads may finish in either order. `begin()` before the read; `install(ticket)` after it
 * says whether this read is later than the one in force (and makes it the one in force): an older
 * read never puts back what a newer one changed.
 */
export class Refreshes {
  private requested = 0;
  private inForce = 0;

  begin(): number {
    return ++this.requested;
  }

  install(ticket: number): boolean {
    if (ticket < this.inForce) return false;
    this.inForce = ticket;
    return true;
  }
}
