import { Measurement, alternate, pairedRatio, summarise } from '../bench/scenario';

const rounds = (...rates: number[]) => rates.map((opsPerSecond) => ({ opsPerSecond }));

/** A scenario's summary of these rounds, with a goal of 0.80. */
const summary = (baseline: Measurement[], subject: Measurement[]) =>
  summarise(
    'X',
    'x',
    'ops/s',
    { baseline: 'b', subject: 's' },
    { baseline, subject },
    {
      ratioAtLeast: 0.8,
      description: 'x',
    },
  );

describe('the bench ratio round by round', () => {
  it('is the median of each subject round against the baseline round beside it', () => {
    // The host slows down halfway through the run and both sides slow with it.
    const baseline = rounds(2000, 2000, 1000, 1000, 1000);
    const subject = rounds(1700, 1700, 850, 850, 850);
    expect(pairedRatio(baseline, subject)).toBe(0.85);
    const result = summary(baseline, subject);
    expect(result.ratio).toBe(0.85);
    expect(result.pairedRatio).toBe(0.85);
  });

  it('is reported beside the ratio of the medians, which still decides the goal', () => {
    // The host is fast for the baseline's median round and slow for the subject's.
    const result = summary(rounds(2000, 2000, 1000, 1000, 2000), rounds(1700, 1700, 850, 850, 850));
    expect(result.ratio).toBe(0.425);
    expect(result.pairedRatio).toBe(0.85);
    expect(result.met).toBe(false);
  });

  it('is null when the sides are not paired round by round', () => {
    expect(pairedRatio(rounds(1, 2), rounds(1))).toBeNull();
    expect(pairedRatio([], [])).toBeNull();
    expect(pairedRatio(rounds(0, 1), rounds(1, 1))).toBeNull();
  });

  it('pairs the rounds that alternate ran next to each other', async () => {
    const order: string[] = [];
    let b = 0;
    let s = 0;
    const measured = await alternate(
      4,
      async () => {
        order.push(`b${b}`);
        return { opsPerSecond: 100 * (1 + b++) };
      },
      async () => {
        order.push(`s${s}`);
        return { opsPerSecond: 90 * (1 + s++) };
      },
    );
    expect(order).toEqual(['b0', 's0', 's1', 'b1', 'b2', 's2', 's3', 'b3']);
    expect(pairedRatio(measured.baseline, measured.subject)).toBe(0.9);
  });
});
