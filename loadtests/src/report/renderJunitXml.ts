import { type RunSummary } from '../model.js';
import { describeThresholdOutcome } from './describeThreshold.js';

// XML 1.0 allows tab, newline and carriage return below U+0020, and no other control characters at all.
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

/** Text or an attribute value that XML reads back as written (characters XML cannot hold become U+FFFD). */
export function escapeXml(text: string): string {
  return text
    .replace(NOT_XML_CHAR, '\uFFFD')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&apos;');
}

/**
 * The run as a JUnit report, so CI shows each threshold as a test: one `<testsuite name="droas-loadtest.<scenario>">`
 * with one `<testcase>` per threshold (named by its expression) and a `<failure>` on each breached one.
 */
export function renderJunitXml(summary: RunSummary): string {
  const suiteName = `droas-loadtest.${summary.scenario}`;
  const failures = summary.thresholds.filter((t) => !t.passed).length;
  const attrs = (pairs: Record<string, string | number>) =>
    Object.entries(pairs)
      .map(([key, value]) => ` ${key}="${escapeXml(String(value))}"`)
      .join('');
  const properties = Object.entries(summary.options).map(
    ([key, value]) => `    <property${attrs({ name: key, value: String(value) })}/>`,
  );
  const cases = summary.thresholds.map((t) => {
    const open = `  <testcase${attrs({ name: t.expression, classname: summary.scenario, time: 0 })}`;
    if (t.passed) return `${open}/>`;
    const message = `${t.expression}: ${describeThresholdOutcome(t)}`;
    return `${open}>\n    <failure${attrs({ message, type: 'ThresholdBreached' })}>${escapeXml(message)}</failure>\n  </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuite${attrs({
      name: suiteName,
      tests: summary.thresholds.length,
      failures,
      errors: 0,
      skipped: 0,
      time: summary.durationSec,
      timestamp: summary.startedAt,
      hostname: summary.environment.hostname,
    })}>`,
    '  <properties>',
    ...properties,
    '  </properties>',
    ...cases,
    '</testsuite>',
    '',
  ].join('\n');
}
