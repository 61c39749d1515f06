import { readFile } from 'node:fs/promises';

/** The charting library's browser build and stylesheet, as text to embed in a self-contained page. */
export interface ChartLibrary {
  script: string;
  style: string;
}

/**
 * Reads uPlot (MIT, ~50 kB, no dependencies) from node_modules at report time, so report.html carries it inline
 * and opens offline, from a CI artifact, with no network.
 */
export async function loadChartLibrary(): Promise<ChartLibrary> {
  const [script, style] = await Promise.all([
    readFile(require.resolve('uplot/dist/uPlot.iife.min.js'), 'utf8'),
    readFile(require.resolve('uplot/dist/uPlot.min.css'), 'utf8'),
  ]);
  return { script, style };
}
