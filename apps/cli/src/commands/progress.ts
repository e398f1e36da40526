/**
 * A progress bar on a terminal; plain progress lines otherwise (logs, CI), at most one a
 * second — except the last: reaching the total is always shown, once.
 */
export class Progress {
  private lastLine = 0;
  private lastShown = -1;
  /** A bar is drawn on the terminal's current line (done() ends it). */
  private open = false;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private total: number,
    private readonly log: (message: string) => void,
    private readonly unit = '',
  ) {}

  /** `total` may grow while it runs (a rebuild's log gains events as it replays). */
  update(done: number, total = this.total): void {
    this.total = total;
    const finished = done >= this.total;
    if (done === this.lastShown) return;
    const percent = this.total === 0 ? 100 : Math.floor((done / this.total) * 100);
    const counts = `${done}/${this.total}${this.unit ? ` ${this.unit}` : ''}`;
    if (this.tty) {
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      process.stderr.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${counts} ${percent}%`);
      this.lastShown = done;
      this.open = true;
    } else if (finished || Date.now() - this.lastLine > 1000) {
      this.lastLine = Date.now();
      this.lastShown = done;
      this.log(`${this.label}: ${counts} (${percent}%)`);
    }
  }

  done(): void {
    if (this.open) process.stderr.write('\n');
    this.open = false;
  }
}
