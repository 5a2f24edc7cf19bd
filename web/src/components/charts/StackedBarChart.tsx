import { Axes } from './Axes.tsx';
import { ChartFrame, Legend, type ChartTable } from './ChartFrame.tsx';
import { niceMax, plotWidth, shortDay, yOf, type Frame } from './chart-geometry.ts';

export interface BarSeries {
  key: string;
  label: string;
  /** A tone of the design tokens (success, danger, …): the CSS gives it its colour. */
  tone: string;
}

interface Props {
  title: string;
  description: string;
  days: string[];
  series: BarSeries[];
  /** values[dayIndex][seriesKey] */
  values: Record<string, number>[];
  table: ChartTable;
}

function Bars({ frame, days, series, values }: Pick<Props, 'days' | 'series' | 'values'> & { frame: Frame }) {
  // Counts: at least 2, so the middle gridline is a whole number too (an empty or tiny chart read 0, 1, 1).
  const max = Math.max(2, niceMax(Math.max(0, ...values.map((v) => series.reduce((sum, s) => sum + (v[s.key] ?? 0), 0)))));
  const slot = plotWidth(frame) / Math.max(1, days.length);
  const barWidth = Math.max(1, Math.min(28, slot * 0.7));
  const xOf = (index: number) => frame.left + slot * index + slot / 2;
  return (
    <>
      <Axes frame={frame} max={max} days={days} format={(n) => String(Math.round(n))} xOf={xOf} />
      <g aria-hidden="true">
        {values.map((v, index) => {
          let base = 0;
          return series.map((s) => {
            const n = v[s.key] ?? 0;
            if (n === 0) return null;
            const y = yOf(frame, base + n, max);
            const height = yOf(frame, base, max) - y;
            base += n;
            return (
              <rect key={`${days[index]}-${s.key}`} className="lq-chart-bar" data-tone={s.tone} x={xOf(index) - barWidth / 2} y={y} width={barWidth} height={height}>
                <title>{`${shortDay(days[index])}: ${n} ${s.label.toLowerCase()}`}</title>
              </rect>
            );
          });
        })}
      </g>
    </>
  );
}

/** Bars per day, each stacked by series (bottom first), drawn in SVG with token colours. */
export function StackedBarChart({ title, description, days, series, values, table }: Props) {
  return (
    <ChartFrame title={title} description={description} table={table} height={220} legend={<Legend items={series} />}>
      {(frame) => <Bars frame={frame} days={days} series={series} values={values} />}
    </ChartFrame>
  );
}
