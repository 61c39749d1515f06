import { appendFile, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { type RunSummary } from '../model.js';
import { loadChartLibrary } from './loadChartLibrary.js';
import { renderHtml } from './renderHtml.js';
import { renderJunitXml } from './renderJunitXml.js';
import { renderMarkdown } from './renderMarkdown.js';

export interface WriteReportsOptions {
  /**
   * A file summary.md is appended to, for GitHub Actions' job summary; null appends nowhere.
   * @defaultValue `process.env.GITHUB_STEP_SUMMARY` (appends nowhere when it is unset or empty)
   */
  stepSummaryPath?: string | null;
}

/** What {@link writeReports} wrote. */
export interface WrittenReports {
  /** summary.json, junit.xml, summary.md and report.html, in that order. */
  files: string[];
  /** The job summary file summary.md was appended to, if any. */
  stepSummary: string | null;
}

/**
 * Writes a run's reports into `dir` (created if missing): summary.json (the summary as is), junit.xml (one
 * test case per threshold), summary.md and report.html (self-contained, opens offline).
 */
export async function writeReports(
  summary: RunSummary,
  dir: string,
  options: WriteReportsOptions = {},
): Promise<WrittenReports> {
  await mkdir(dir, { recursive: true });
  const markdown = renderMarkdown(summary);
  const contents: [name: string, text: string][] = [
    ['summary.json', `${JSON.stringify(summary, null, 2)}\n`],
    ['junit.xml', renderJunitXml(summary)],
    ['summary.md', markdown],
    ['report.html', renderHtml(summary, await loadChartLibrary())],
  ];
  const files = contents.map(([name]) => path.join(dir, name));
  await Promise.all(contents.map(([name, text]) => writeFile(path.join(dir, name), text, 'utf8')));

  const stepSummary =
    options.stepSummaryPath === undefined
      ? process.env['GITHUB_STEP_SUMMARY'] || null
      : options.stepSummaryPath;
  // Appended, never overwritten: earlier steps of the job may have written their own summaries.
  if (stepSummary !== null) await appendFile(stepSummary, `${markdown}\n`, 'utf8');
  return { files, stepSummary };
}
