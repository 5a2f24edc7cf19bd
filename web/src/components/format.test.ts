import { describe, expect, it } from 'vitest';
import { formatDuration, formatTime } from './format.ts';

describe('formatDuration', () => {
  const start = '2026-12-01T10:00:00.000Z';
  const plus = (ms: number) => new Date(Date.parse(start) + ms).toISOString();

  it('counts milliseconds under a second', () => expect(formatDuration(start, plus(340))).toBe('340 ms'));
  it('counts seconds with one decimal under a minute', () => expect(formatDuration(start, plus(1_240))).toBe('1.2 s'));
  it('counts minutes and seconds beyond', () => expect(formatDuration(start, plus(185_000))).toBe('3 min 5 s'));
  it('shows a dash while the run has not finished', () => {
    expect(formatDuration(start, null)).toBe('—');
    expect(formatDuration(undefined, plus(1))).toBe('—');
  });
});

describe('formatTime', () => {
  it('shows a dash for no time', () => {
    expect(formatTime(null)).toBe('—');
    expect(formatTime(undefined)).toBe('—');
  });
  it('formats a time with its date and the year', () => {
    const text = formatTime('2026-03-14T12:00:00.000Z');
    expect(text).toContain('2026');
    expect(text).not.toBe('—');
  });
});
