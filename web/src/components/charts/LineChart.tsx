import { Axes } from './Axes.tsx';
import { ChartFrame, Legend, type ChartTable } from './ChartFrame.tsx';
import { niceMax, plotWidth, yOf, type Frame } from './chart-geometry.ts';

export interface LineSeries {
  key: string;
  label: string;
  tone: string;
  /** One value per day; null where the day has none (the line breaks there). */
  values: (number | null)[];
}

interface Props {
  title: string;
  description: string;
  days: string[];
  series: LineSeries[];
  /** A fixed axis maximum (1 for a rate); otherwise a round number above the largest value. */
  max?: number;
  format: (value: number) => string;
  table: ChartTable;
}

/** One series: a path per run of days with values; a day alone between gaps is a dot. */
function Line({ frame, series, max, xOf }: { frame: Frame; series: LineSeries; max: number; xOf: (index: number) => number }) {
  const segments: string[] = [];
  const dots: number[] = [];
  let current = '';
  series.values.forEach((value, index) => {
    if (value === null) {
      if (current) segments.push(current);
      current = '';
      return;
    }
    const point = `${xOf(index).toFixed(1)},${yOf(frame, value, max).toFixed(1)}`;
    current = current ? `${current} L${point}` : `M${point}`;
    if ((series.values[index - 1] ?? null) === null && (series.values[index + 1] ?? null) === null) dots.push(index);
  });
  if (current) segments.push(current);
  return (
    <g className="lq-chart-line" data-tone={series.tone}>
      {segments.map((d) => (
        <path key={d} d={d} />
      ))}
      {dots.map((index) => (
        <circle key={index} cx={xOf(index)} cy={yOf(frame, series.values[index]!, max)} r={3} />
      ))}
    </g>
  );
}

/** Lines over the days; a day without a value breaks the line. */
export function LineChart({ title, description, days, series, max: fixedMax, format, table }: Props) {
  const max = fixedMax ?? niceMax(Math.max(0, ...series.flatMap((s) => s.values.filter((v): v is number => v !== null))));
  return (
    <ChartFrame title={title} description={description} table={table} height={170} legend={<Legend items={series} />}>
      {(frame) => {
        const step = days.length > 1 ? plotWidth(frame) / (days.length - 1) : 0;
        const xOf = (index: number) => (days.length > 1 ? frame.left + step * index : frame.left + plotWidth(frame) / 2);
        return (
          <>
            <Axes frame={frame} max={max} days={days} format={format} xOf={xOf} />
            <g aria-hidden="true">
              {series.map((s) => (
                <Line key={s.key} frame={frame} series={s} max={max} xOf={xOf} />
              ))}
            </g>
          </>
        );
      }}
    </ChartFrame>
  );
}
