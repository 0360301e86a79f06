import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { UsageGroupBy, UsageRow } from '../api/types';
import { formatInt } from '../ui/format';
import { axisDecimals, formatMicros } from '../ui/money';

interface Point {
  name: string;
  requests: number;
  input: number;
  cached: number;
  output: number;
  cost_micros: number;
}

function shortLabel(row: UsageRow, groupBy: UsageGroupBy): string {
  if (groupBy === 'day') return row.day ? row.day.slice(5) : '—';
  if (groupBy === 'model') return row.model ?? '—';
  return row.key_label || row.key_id || '—';
}

const compact = new Intl.NumberFormat(undefined, { notation: 'compact', maximumFractionDigits: 1 });
const axisNumber = (v: number) => compact.format(v);
const tooltipInt = (v: unknown) => formatInt(Number(v));
const tooltipMoney = (v: unknown) => formatMicros(Number(v));
/** Legend labels in the text colour (in the bars' own, the lighter ones fell below 3:1 contrast); the swatch keeps the colour. */
const legendText = (value: string) => <span className="chart-legend-text">{value}</span>;

function ChartCard({ title, children }: { title: string; children: React.ReactElement }) {
  return (
    <figure className="chart-card">
      <figcaption>{title}</figcaption>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height="100%">
          {children}
        </ResponsiveContainer>
      </div>
    </figure>
  );
}

/** Requests, tokens (input, cached input, output) and cost per group, as bar charts. The table below has the same numbers. */
export function UsageCharts({ rows, groupBy }: { rows: UsageRow[]; groupBy: UsageGroupBy }) {
  if (rows.length === 0) return null;
  const data: Point[] = rows.map((r) => ({
    name: shortLabel(r, groupBy),
    requests: r.requests,
    input: r.prompt_tokens,
    cached: r.cached_tokens,
    output: r.completion_tokens,
    cost_micros: r.cost_micros,
  }));
  const axis = { tick: { fontSize: 12 }, stroke: 'var(--muted)' };
  // Axis ticks rounded to what the largest cost needs (display only); tooltips show every micro.
  const maxDecimals = axisDecimals(Math.max(...data.map((d) => d.cost_micros)));
  const axisMoney = (v: number) => formatMicros(v, { maxDecimals });
  const margin = { top: 8, right: 8, bottom: 0, left: 0 };

  return (
    // Hidden from assistive technology and out of the Tab order (no accessibility layer): the table below has the same numbers.
    <div className="charts" aria-hidden="true">
      <ChartCard title="Requests">
        <BarChart data={data} margin={margin} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="name" {...axis} />
          <YAxis {...axis} tickFormatter={axisNumber} width={48} allowDecimals={false} />
          <Tooltip formatter={tooltipInt} />
          <Bar dataKey="requests" name="Requests" fill="var(--chart-1)" isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title="Tokens">
        <BarChart data={data} margin={margin} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="name" {...axis} />
          <YAxis {...axis} tickFormatter={axisNumber} width={48} allowDecimals={false} />
          <Tooltip formatter={tooltipInt} />
          <Legend wrapperStyle={{ fontSize: 12 }} itemSorter={null} formatter={legendText} />
          <Bar dataKey="input" name="Input" fill="var(--chart-1)" isAnimationActive={false} />
          <Bar dataKey="cached" name="Cached input" fill="var(--chart-2)" isAnimationActive={false} />
          <Bar dataKey="output" name="Output" fill="var(--chart-3)" isAnimationActive={false} />
        </BarChart>
      </ChartCard>
      <ChartCard title="Cost">
        <BarChart data={data} margin={margin} accessibilityLayer={false}>
          <CartesianGrid strokeDasharray="3 3" stroke="var(--border)" vertical={false} />
          <XAxis dataKey="name" {...axis} />
          <YAxis {...axis} tickFormatter={axisMoney} width={64 + 7 * (maxDecimals - 2)} />
          <Tooltip formatter={tooltipMoney} />
          <Bar dataKey="cost_micros" name="Cost" fill="var(--chart-4)" isAnimationActive={false} />
        </BarChart>
      </ChartCard>
    </div>
  );
}
