// What report.html draws: the chart types its script reads, and the palette every chart uses.

/** One line (or set of bars) of a chart; `values[i]` belongs to the chart's `x[i]`, null for a gap. */
export interface ChartSeries {
  label: string;
  /** Shown after each value in the legend, e.g. `ms`. */
  unit: string;
  color: string;
  values: (number | null)[];
  /** `linePoints` marks each value on the line (a ramp's steps); `points` draws no line at all. */
  style: 'line' | 'linePoints' | 'bars' | 'points';
  /** A dashed line, to tell a right-axis series from the left-axis ones at a glance. */
  dashed?: boolean;
  /** Drawn against the right-hand axis (`y2Label`) instead of the left. */
  rightAxis?: boolean;
}

/** Everything the page's script needs to draw one chart; the figures are derived here, not in the browser. */
export interface ChartPlot {
  xLabel: string;
  /** The x value's name in the legend, short: `t (s)`. */
  xLegend: string;
  yLabel: string;
  y2Label?: string;
  /** Ascending. For a categorical axis (the histogram) the indexes 0..n-1, labelled by `xTickLabels`. */
  x: number[];
  xTickLabels?: string[];
  series: ChartSeries[];
  /** Vertical lines with a label, e.g. the ramp's knee. */
  markers?: { x: number; label: string }[];
}

/** A chart of the report, or why it has none (no samples, an empty timeline). */
export type ReportChart = { id: string; title: string; caption: string } & (
  { plot: ChartPlot; empty?: never } | { plot?: never; empty: string }
);

// Okabe–Ito: told apart with the common colour-vision deficiencies, all readable on white.
const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#CC79A7', '#D55E00', '#56B4E9', '#000000', '#999999'];
/** The palette's colour for the n-th series, wrapping around. */
export const seriesColor = (index: number) => PALETTE[index % PALETTE.length]!;

/** The x axis of every chart over time: seconds since the measured phase began. */
export const TIME_AXIS = { label: 'time since the measured phase began (s)', legend: 't (s)' } as const;
