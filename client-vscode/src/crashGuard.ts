// Stops an endless restart loop: a server that crashes `maxCrashes` times within `windowMs` is
// left stopped, and the user gets one clear message instead of a flickering status.
// The clock is injected so the timing is unit-tested.

export class CrashGuard {
  private crashes: number[] = [];

  constructor(
    readonly maxCrashes = 5,
    readonly windowMs = 3 * 60_000,
    private readonly now: () => number = Date.now,
  ) {}

  /** Records a crash; true when the server may be restarted once more. */
  crashed(): boolean {
    const t = this.now();
    this.crashes = this.crashes.filter((c) => t - c < this.windowMs);
    this.crashes.push(t);
    return this.crashes.length < this.maxCrashes;
  }

  /** Crashes counted in the current window. */
  get recent(): number {
    const t = this.now();
    return this.crashes.filter((c) => t - c < this.windowMs).length;
  }

  /** A restart asked by the user starts a fresh count. */
  reset(): void {
    this.crashes = [];
  }

  describe(): string {
    const minutes = Math.round(this.windowMs / 60_000);
    return `The AutoML Job language server crashed ${this.maxCrashes} times in ${minutes} minutes, so it was not restarted again.`;
  }
}
