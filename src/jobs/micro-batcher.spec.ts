import { MicroBatcher } from './micro-batcher';

describe('MicroBatcher', () => {
  it('groups items submitted together, answers each in order, and never runs two batches at once', async () => {
    const batches: number[][] = [];
    let concurrent = 0;
    let maxConcurrent = 0;
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        batches.push(items);
        await new Promise((r) => setTimeout(r, 5));
        concurrent -= 1;
        return items.map((i) => i * 10);
      },
      { maxBatch: 3 },
    );
    const results = await Promise.all([1, 2, 3, 4, 5, 6, 7].map((i) => batcher.submit(i)));
    expect(results).toEqual([10, 20, 30, 40, 50, 60, 70]);
    expect(batches).toEqual([[1, 2, 3], [4, 5, 6], [7]]);
    expect(maxConcurrent).toBe(1);
  });

  it('fails every item of a failed batch and keeps serving later ones', async () => {
    let fail = true;
    const batcher = new MicroBatcher<number, number>(async (items) => {
      if (fail) throw new Error('database away');
      return items;
    });
    await expect(Promise.all([batcher.submit(1), batcher.submit(2)])).rejects.toThrow('database away');
    fail = false;
    await expect(batcher.submit(3)).resolves.toBe(3);
  });

  it('runs up to maxInFlight batches at once', async () => {
    let concurrent = 0;
    let maxConcurrent = 0;
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        concurrent += 1;
        maxConcurrent = Math.max(maxConcurrent, concurrent);
        await new Promise((r) => setTimeout(r, 5));
        concurrent -= 1;
        return items;
      },
      { maxBatch: 2, maxInFlight: 2 },
    );
    const all: Array<Promise<number>> = [];
    for (let i = 0; i < 10; i++) {
      all.push(batcher.submit(i));
      await new Promise((r) => setImmediate(r));
    }
    expect(await Promise.all(all)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    expect(maxConcurrent).toBe(2);
  });

  it('lingers to gather items that arrive within the window', async () => {
    const batches: number[][] = [];
    const batcher = new MicroBatcher<number, number>(
      async (items) => {
        batches.push(items);
        return items;
      },
      { lingerMs: 30, maxBatch: 10 },
    );
    const first = batcher.submit(1);
    await new Promise((r) => setTimeout(r, 5));
    const second = batcher.submit(2);
    expect(await Promise.all([first, second])).toEqual([1, 2]);
    expect(batches).toEqual([[1, 2]]);
  });
});
