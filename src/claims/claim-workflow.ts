/**
 * The claim's workflow: reported → in assessment → paid, refused or withdrawn. A claim may be
 * withdrawn before the insurer decides; once paid, refused or withdrawn it is closed and its
 * retention term starts. Pure, so the service and the tests decide alike.
 */
export const CLAIM_STATUSES = ['reported', 'in_assessment', 'paid', 'refused', 'withdrawn'] as const;
export type ClaimStatus = (typeof CLAIM_STATUSES)[number];

const NEXT: Record<ClaimStatus, readonly ClaimStatus[]> = {
  reported: ['in_assessment', 'withdrawn'],
  in_assessment: ['paid', 'refused', 'withdrawn'],
  paid: [],
  refused: [],
  withdrawn: [],
};

export function allowedTransitions(from: ClaimStatus): readonly ClaimStatus[] {
  return NEXT[from];
}

export function mayMove(from: ClaimStatus, to: ClaimStatus): boolean {
  return NEXT[from].includes(to);
}

export function isClosed(status: ClaimStatus): boolean {
  return NEXT[status].length === 0;
}
