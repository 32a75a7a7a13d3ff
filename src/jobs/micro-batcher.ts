/**
 * Group commit for work that many concurrent jobs do alike (one UPDATE for many rows instead of
 * one each: on a busy machine every round trip to the database costs more than the rows it
 * carries). At most `maxInFlight` batches run at a time. A batch goes out once `maxBatch` items
 * wait, or `lingerMs` after the first of them arrived (0: on the next turn of the event loop);
 * items that arrive while every batch slot is busy wait and then go out together, so under heavy
 * load batches grow by themselves.
 *
 * `run` answers one result per item, in order. If it throws, every item of that batch fails with
 * the error (callers retry on their own).
 */
export class MicroBatcher<I, O> {
  private pending: Array<{ item: I; resolve: (value: O) => void; reject: (error: unknown) => void }> = [];
  private running = 0;
  private timer: NodeJS.Timeout | null = null;
  private immediate = false;
  /** When the oldest waiting item arrived. */
  private firstAt = 0;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly options: { maxBatch?: number; maxInFlight?: number; lingerMs?: number } = {},
  ) {}

  private get maxBatch(): number {
    return this.options.maxBatch ?? 250;
  }

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      if (this.pending.length === 0) this.firstAt = Date.now();
      this.pending.push({ item, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.immediate || this.running >= (this.options.maxInFlight ?? 1) || this.pending.length === 0)
      return;
    const linger = this.options.lingerMs ?? 0;
    const waited = Date.now() - this.firstAt;
    if (this.pending.length >= this.maxBatch || waited >= linger) {
      if (this.timer) clearTimeout(this.timer);
      this.timer = null;
      this.immediate = true;
      setImmediate(() => void this.flush());
    } else if (!this.timer) {
      this.timer = setTimeout(() => void this.flush(), linger - waited);
    }
  }

  private async flush(): Promise<void> {
    this.immediate = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.pending.splice(0, this.maxBatch);
    if (this.pending.length > 0) this.firstAt = Date.now();
    if (batch.length === 0) return;
    this.running += 1;
    this.kick();
    try {
      const results = await this.run(batch.map((b) => b.item));
      batch.forEach((b, i) => b.resolve(results[i]));
    } catch (error) {
      batch.forEach((b) => b.reject(error));
    } finally {
      this.running -= 1;
      this.kick();
    }
  }
}
