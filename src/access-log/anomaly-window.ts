/**
 * Sliding-window detection over one actor's entries in time order. The window ending at each entry
 * covers the preceding `windowMs`; when its measure (distinct keys, or entries) exceeds the
 * threshold, the entries in it belong to an episode. Overlapping windows extend one episode, so a
 * long spree is one finding, not one per entry. Memory is bounded by the entries of one window per
 * actor; entry ids kept per episode are capped, the count is not.
 */
export interface WindowEntry {
  id: string;
  /** Milliseconds since the epoch (may carry a fraction). */
  atMs: number;
  /** The stored timestamp as text, kept for the report. */
  at: string;
  role: string | null;
  /** Keys counted distinctly (client ids); ignored when measuring by count. */
  keys?: readonly string[];
}

export interface Episode {
  actorId: string;
  actorRole: string | null;
  firstAt: string;
  lastAt: string;
  firstAtMs: number;
  lastAtMs: number;
  /** The highest measure of any window in the episode. */
  peak: number;
  entryIds: string[];
  entryCount: number;
}

interface Queued extends WindowEntry {
  seq: number;
}

interface ActorState {
  queue: Queued[];
  head: number;
  counts: Map<string, number>;
  seq: number;
  includedSeq: number;
  current: Episode | null;
}

export class SlidingWindowDetector {
  private readonly actors = new Map<string, ActorState>();
  readonly episodes: Episode[] = [];

  constructor(
    private readonly windowMs: number,
    private readonly threshold: number,
    private readonly measure: 'distinct' | 'count',
    private readonly maxIds: number,
  ) {}

  /** Entries must arrive in time order for each actor. */
  push(actorId: string, entry: WindowEntry): void {
    let state = this.actors.get(actorId);
    if (!state) {
      state = { queue: [], head: 0, counts: new Map(), seq: 0, includedSeq: 0, current: null };
      this.actors.set(actorId, state);
    }
    const queued: Queued = { ...entry, seq: ++state.seq };
    state.queue.push(queued);
    if (this.measure === 'distinct')
      for (const key of new Set(entry.keys ?? [])) state.counts.set(key, (state.counts.get(key) ?? 0) + 1);
    this.evict(state, entry.atMs - this.windowMs);

    const value = this.measure === 'distinct' ? state.counts.size : state.queue.length - state.head;
    if (value <= this.threshold) return;
    const windowStart = state.queue[state.head];
    let episode = state.current;
    if (!episode || windowStart.atMs > episode.lastAtMs) {
      episode = {
        actorId,
        actorRole: windowStart.role,
        firstAt: windowStart.at,
        lastAt: entry.at,
        firstAtMs: windowStart.atMs,
        lastAtMs: entry.atMs,
        peak: value,
        entryIds: [],
        entryCount: 0,
      };
      state.current = episode;
      this.episodes.push(episode);
    }
    episode.peak = Math.max(episode.peak, value);
    episode.lastAt = entry.at;
    episode.lastAtMs = entry.atMs;
    let from = state.queue.length;
    while (from > state.head && state.queue[from - 1].seq > state.includedSeq) from -= 1;
    for (let i = from; i < state.queue.length; i++) {
      episode.entryCount += 1;
      if (episode.entryIds.length < this.maxIds) episode.entryIds.push(state.queue[i].id);
    }
    state.includedSeq = queued.seq;
  }

  /** Drops entries at or before `boundaryMs` (the window is (t - windowMs, t]). */
  private evict(state: ActorState, boundaryMs: number): void {
    while (state.head < state.queue.length && state.queue[state.head].atMs <= boundaryMs) {
      const old = state.queue[state.head];
      if (this.measure === 'distinct') {
        for (const key of new Set(old.keys ?? [])) {
          const n = (state.counts.get(key) ?? 1) - 1;
          if (n <= 0) state.counts.delete(key);
          else state.counts.set(key, n);
        }
      }
      state.head += 1;
    }
    if (state.head > 1024 && state.head * 2 > state.queue.length) {
      state.queue = state.queue.slice(state.head);
      state.head = 0;
    }
  }
}
