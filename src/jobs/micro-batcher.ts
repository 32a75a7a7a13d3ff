/**
 * Group commit for work that many concurrent jobs do alike (one UPDATE for many rows instead of
 * one each). At most `maxInFlight` batches run at a time: an item submitted while one is free goes
 * out at once (on the next turn of the event loop, with whatever arrived in the same turn); items
 * submitted while all are busy wait and then go out together. Under light load that adds no
 * delay; under heavy load batches grow by themselves.
 *
 * `run` answers one result per item, in order. If it throws, every item of that batch fails with
 * the error (callers retry on their own).
 */
export class MicroBatcher<I, O> {
  private pending: Array<{ item: I; resolve: (value: O) => void; reject: (error: unknown) => void }> = [];
  private running = 0;
  private scheduled = false;

  constructor(
    private readonly run: (items: I[]) => Promise<O[]>,
    private readonly maxBatch = 250,
    private readonly maxInFlight = 1,
  ) {}

  submit(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.pending.push({ item, resolve, reject });
      this.kick();
    });
  }

  private kick(): void {
    if (this.scheduled || this.running >= this.maxInFlight || this.pending.length === 0) return;
    this.scheduled = true;
    setImmediate(() => void this.flush());
  }

  private async flush(): Promise<void> {
    this.scheduled = false;
    const batch = this.pending.splice(0, this.maxBatch);
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
