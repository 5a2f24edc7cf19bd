import { labelIndexes, plotWidth, shortDay, yOf, type Frame } from './chart-geometry.ts';

/** Three horizontal gridlines (0, half, max) with their labels, and a few day labels on the x axis. */
export function Axes({ frame, max, days, format, xOf }: { frame: Frame; max: number; days: string[]; format: (value: number) => string; xOf: (index: number) => number }) {
  const ticks = [0, max / 2, max];
  const labels = labelIndexes(days.length);
  const anchor = (i: number) => (labels.length < 2 ? 'middle' : i === 0 ? 'start' : i === labels.length - 1 ? 'end' : 'middle');
  return (
    <g className="lq-chart-axes" aria-hidden="true">
      {ticks.map((tick) => (
        <g key={tick}>
          <line className="lq-chart-grid" x1={frame.left} x2={frame.left + plotWidth(frame)} y1={yOf(frame, tick, max)} y2={yOf(frame, tick, max)} />
          <text x={frame.left - 6} y={yOf(frame, tick, max)} textAnchor="end" dominantBaseline="middle">
            {format(tick)}
          </text>
        </g>
      ))}
      {labels.map((index, i) => (
        <text key={index} x={xOf(index)} y={frame.height - 4} textAnchor={anchor(i)}>
          {shortDay(days[index])}
        </text>
      ))}
    </g>
  );
}
