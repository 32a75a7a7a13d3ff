import { SlidingWindowDetector, WindowEntry } from './anomaly-window';

const MIN = 60_000;
const entry = (id: string, minute: number, keys: string[] = []): WindowEntry => ({
  id,
  atMs: Date.UTC(2025, 0, 14, 9, 0) + minute * MIN,
  at: new Date(Date.UTC(2025, 0, 14, 9, 0) + minute * MIN).toISOString(),
  role: 'broker',
  keys,
});

describe('SlidingWindowDetector', () => {
  it('counts distinct keys within the window and reports one episode per spree', () => {
    const d = new SlidingWindowDetector(60 * MIN, 3, 'distinct', 100);
    // Four distinct clients within 40 minutes, a repeat, then a fifth: one episode.
    d.push('a', entry('1', 0, ['c1']));
    d.push('a', entry('2', 10, ['c2']));
    d.push('a', entry('3', 20, ['c2', 'c3']));
    expect(d.episodes).toEqual([]);
    d.push('a', entry('4', 30, ['c4']));
    d.push('a', entry('5', 35, ['c1']));
    d.push('a', entry('6', 50, ['c5']));
    expect(d.episodes).toHaveLength(1);
    expect(d.episodes[0]).toMatchObject({
      actorId: 'a',
      peak: 5,
      entryIds: ['1', '2', '3', '4', '5', '6'],
      entryCount: 6,
    });
    expect(d.episodes[0].firstAt).toBe(entry('1', 0).at);
    expect(d.episodes[0].lastAt).toBe(entry('6', 50).at);
  });

  it('does not count entries that left the window (the window is the preceding hour, exclusive)', () => {
    const d = new SlidingWindowDetector(60 * MIN, 3, 'distinct', 100);
    d.push('a', entry('1', 0, ['c1']));
    d.push('a', entry('2', 20, ['c2']));
    d.push('a', entry('3', 40, ['c3']));
    d.push('a', entry('4', 60, ['c4'])); // entry 1 is exactly an hour older: out
    expect(d.episodes).toEqual([]);
    d.push('a', entry('5', 61, ['c1']));
    expect(d.episodes).toHaveLength(1);
    expect(d.episodes[0].entryIds).toEqual(['2', '3', '4', '5']);
  });

  it('keeps actors apart and starts a new episode after a quiet gap', () => {
    const d = new SlidingWindowDetector(10 * MIN, 2, 'count', 2);
    for (const [id, minute] of [
      ['1', 0],
      ['2', 1],
      ['3', 2],
      ['4', 3],
    ] as const)
      d.push('x', entry(id, minute));
    d.push('y', entry('9', 1));
    for (const [id, minute] of [
      ['5', 100],
      ['6', 101],
      ['7', 102],
    ] as const)
      d.push('x', entry(id, minute));
    expect(d.episodes.map((e) => [e.actorId, e.peak, e.entryCount, e.entryIds])).toEqual([
      ['x', 4, 4, ['1', '2']],
      ['x', 3, 3, ['5', '6']],
    ]);
  });
});
