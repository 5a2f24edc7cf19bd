/** Load tiers, calmest first; the index is the tier's severity. */
export const LOAD_TIERS = ['low', 'medium', 'high', 'critical'] as const;
export type LoadTier = (typeof LOAD_TIERS)[number];

/** Thresholds at which a signal reaches Medium, High and Critical. */
export type TierThresholds = readonly [number, number, number];

/** The tier a measured value falls in: the highest threshold it reaches (scaled by `ratio`). */
export function tierIndexOf(value: number, thresholds: TierThresholds, ratio = 1): number {
  let index = 0;
  for (let i = 0; i < thresholds.length; i++) if (value >= thresholds[i] * ratio) index = i + 1;
  return index;
}

export function tierAt(index: number): LoadTier {
  return LOAD_TIERS[Math.max(0, Math.min(LOAD_TIERS.length - 1, index))];
}
