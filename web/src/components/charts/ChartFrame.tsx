import { useId, type ReactNode } from 'react';
import { frameOf, type Frame } from './chart-geometry.ts';
import { useElementWidth } from './useElementWidth.ts';

export interface ChartTable {
  columns: string[];
  rows: { key: string; cells: string[] }[];
}

/**
 * A chart with what a screen reader needs: the picture is an image named by its title and described in
 * words, and every number it draws is in a table under "Show the numbers" (for everyone, keyboard too).
 */
export function ChartFrame({ title, description, legend, table, height, children }: {
  title: string;
  description: string;
  legend?: ReactNode;
  table: ChartTable;
  height: number;
  /** Draws the chart in the frame it is given (its measured width, in CSS pixels). */
  children: (frame: Frame) => ReactNode;
}) {
  const id = useId();
  const { ref, width } = useElementWidth<HTMLElement>();
  const frame = frameOf(width, height);
  return (
    <figure className="lq-chart" ref={ref}>
      <figcaption className="lq-chart-title" id={`${id}-caption`}>
        {title}
      </figcaption>
      {legend}
      <svg width={frame.width} height={frame.height} viewBox={`0 0 ${frame.width} ${frame.height}`} role="img" aria-labelledby={`${id}-title`} aria-describedby={`${id}-desc`}>
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{description}</desc>
        {children(frame)}
      </svg>
      <details className="lq-chart-numbers">
        <summary>Show the numbers</summary>
        <div className="lq-table-scroll">
          <table className="lq-table" aria-labelledby={`${id}-caption`}>
            <thead>
              <tr>
                {table.columns.map((column) => (
                  <th key={column} scope="col">
                    {column}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {table.rows.map((row) => (
                <tr key={row.key}>
                  {row.cells.map((cell, i) => (i === 0 ? <th key={i} scope="row">{cell}</th> : <td key={i}>{cell}</td>))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </figure>
  );
}

export function Legend({ items }: { items: { key: string; label: string; tone: string }[] }) {
  return (
    <ul className="lq-legend" aria-label="Legend">
      {items.map((item) => (
        <li key={item.key}>
          <span className="lq-swatch" data-tone={item.tone} aria-hidden="true" />
          {item.label}
        </li>
      ))}
    </ul>
  );
}
