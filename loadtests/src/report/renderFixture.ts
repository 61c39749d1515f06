// Writes the fixture run's reports into a directory, to look at report.html in a browser:
//   npx tsc -b && node loadtests/dist/src/report/renderFixture.js /tmp/droas-report
import { buildFixtureSummary } from './fixture.js';
import { writeReports } from './writeReports.js';

async function main(): Promise<void> {
  const dir = process.argv[2];
  if (dir === undefined || dir === '') {
    process.stderr.write('usage: node dist/src/report/renderFixture.js <output directory>\n');
    process.exitCode = 2;
    return;
  }
  const { files } = await writeReports(buildFixtureSummary(), dir, { stepSummaryPath: null });
  process.stdout.write(`${files.join('\n')}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = 1;
});
