import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildFixtureSummary } from './fixture';
import { renderMarkdown } from './renderMarkdown';
import { writeReports } from './writeReports';

describe('writeReports', () => {
  let root: string;
  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'droas-reports-'));
  });

  it('creates the directory and writes the four reports, returning their paths', async () => {
    const summary = buildFixtureSummary();
    const dir = path.join(root, 'nested', 'run-1');
    const written = await writeReports(summary, dir, { stepSummaryPath: null });
    expect(written).toEqual({
      files: ['summary.json', 'junit.xml', 'summary.md', 'report.html'].map((name) => path.join(dir, name)),
      stepSummary: null,
    });
    expect(JSON.parse(await readFile(path.join(dir, 'summary.json'), 'utf8'))).toEqual(summary);
    expect(await readFile(path.join(dir, 'summary.json'), 'utf8')).toContain('\n  "schemaVersion": 1,');
    expect(await readFile(path.join(dir, 'junit.xml'), 'utf8')).toContain(
      '<testsuite name="droas-loadtest.ramp"',
    );
    expect(await readFile(path.join(dir, 'summary.md'), 'utf8')).toBe(renderMarkdown(summary));
    expect(await readFile(path.join(dir, 'report.html'), 'utf8')).toMatch(/^<!doctype html>/);
  });

  it("appends summary.md to GitHub's job summary, keeping what earlier steps wrote", async () => {
    const stepSummary = path.join(root, 'step-summary.md');
    await writeFile(stepSummary, '# earlier step\n');
    const summary = buildFixtureSummary();
    const written = await writeReports(summary, path.join(root, 'out'), { stepSummaryPath: stepSummary });
    expect(written.stepSummary).toBe(stepSummary);
    expect(await readFile(stepSummary, 'utf8')).toBe(`# earlier step\n${renderMarkdown(summary)}\n`);
  });

  describe('with GITHUB_STEP_SUMMARY', () => {
    const saved = process.env['GITHUB_STEP_SUMMARY'];
    afterEach(() => {
      if (saved === undefined) delete process.env['GITHUB_STEP_SUMMARY'];
      else process.env['GITHUB_STEP_SUMMARY'] = saved;
    });

    it('appends to the file it names by default, and to nothing when it is unset', async () => {
      const stepSummary = path.join(root, 'from-env.md');
      process.env['GITHUB_STEP_SUMMARY'] = stepSummary;
      await writeReports(buildFixtureSummary(), path.join(root, 'a'));
      expect(await readFile(stepSummary, 'utf8')).toMatch(/^## ❌ DROAS load test/);
      delete process.env['GITHUB_STEP_SUMMARY'];
      expect((await writeReports(buildFixtureSummary(), path.join(root, 'b'))).stepSummary).toBeNull();
    });
  });
});
