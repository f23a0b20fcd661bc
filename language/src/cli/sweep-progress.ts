/**
 * A progress bar on stderr for `mscn sweep`, only when stderr is a terminal: a pipe or a batch
 * system's log gets nothing but the lines it asked for.
 */
export class Progress {
    private count = 0;
    private readonly started = Date.now();
    private lastDrawn = 0;

    constructor(
        private readonly total: number,
        private readonly stream: NodeJS.WriteStream,
    ) {}

    private get shown(): boolean {
        return this.stream.isTTY === true && this.total > 0;
    }

    tick(): void {
        this.count++;
        const now = Date.now();
        if (!this.shown || (now - this.lastDrawn < 100 && this.count < this.total)) return;
        this.lastDrawn = now;
        const width = 30;
        const filled = Math.round((width * this.count) / this.total);
        const seconds = (now - this.started) / 1000;
        const eta = this.count > 0 ? (seconds / this.count) * (this.total - this.count) : 0;
        this.stream.write(
            `\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${this.count}/${this.total} points, ` +
                `${seconds.toFixed(1)} s, ~${eta.toFixed(0)} s left `,
        );
    }

    done(): void {
        if (this.shown && this.count > 0) this.stream.write('\n');
    }
}
