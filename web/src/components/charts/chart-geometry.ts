/**
 * The drawing area of a chart, in CSS pixels: the SVG is drawn at the width its box has (measured), so
 * its text keeps the page's type size whatever the card's width.
 */
export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function frameOf(width: number, height: number): Frame {
  return { width, height, left: 44, right: 8, top: 10, bottom: 22 };
}

export const plotWidth = (f: Frame) => Math.max(1, f.width - f.left - f.right);
export const plotHeight = (f: Frame) => Math.max(1, f.height - f.top - f.bottom);

/** A round axis maximum at or above `max` (1, 2, 5 × 10^n), so the ticks are easy numbers. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  const step = [1, 2, 5, 10].find((m) => m * power >= max)!;
  return step * power;
}

/** The y coordinate of `value` on an axis from 0 to `max`. */
export const yOf = (f: Frame, value: number, max: number) => f.top + plotHeight(f) - (value / max) * plotHeight(f);

/** `2026-12-04` → `4 Dec`, in UTC like the days themselves. */
const dayFormat = new Intl.DateTimeFormat(undefined, { day: 'numeric', month: 'short', timeZone: 'UTC' });
export const shortDay = (day: string) => dayFormat.format(new Date(`${day}T00:00:00Z`));

/** First, middle and last indexes: enough x labels to read a window without crowding 90 days. */
export function labelIndexes(count: number): number[] {
  if (count <= 1) return count === 1 ? [0] : [];
  return [...new Set([0, Math.floor((count - 1) / 2), count - 1])];
}
