/** A progress bar on a terminal; plain progress lines otherwise (logs, CI). */
export class Progress {
  private lastLine = 0;
  private readonly tty = Boolean(process.stderr.isTTY);

  constructor(
    private readonly label: string,
    private readonly total: number,
    private readonly log: (message: string) => void,
  ) {}

  update(done: number): void {
    const percent = this.total === 0 ? 100 : Math.floor((done / this.total) * 100);
    if (this.tty) {
      const width = 30;
      const filled = Math.round((percent / 100) * width);
      process.stderr.write(`\r${this.label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${this.total} ${percent}%`);
    } else if (Date.now() - this.lastLine > 1000 || done === this.total) {
      this.lastLine = Date.now();
      this.log(`${this.label}: ${done}/${this.total} (${percent}%)`);
    }
  }

  done(): void {
    if (this.tty) process.stderr.write('\n');
  }
}
