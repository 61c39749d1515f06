import { buildFixtureSummary } from './fixture';
import { escapeXml, renderJunitXml } from './renderJunitXml';

describe('renderJunitXml', () => {
  it('is one suite named after the scenario, one case per threshold, timed by the run', () => {
    const summary = buildFixtureSummary();
    const xml = renderJunitXml(summary);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>\n<testsuite ')).toBe(true);
    expect(xml.match(/<testsuite /g)).toHaveLength(1);
    expect(xml).toContain('name="droas-loadtest.ramp"');
    expect(xml).toContain(`tests="${summary.thresholds.length}" failures="1"`);
    expect(xml).toContain(`time="${summary.durationSec}"`);
    expect(xml.match(/<testcase /g)).toHaveLength(summary.thresholds.length);
    expect(xml).toContain('<testcase name="latencyMs.p95 &lt; 2000" classname="ramp" time="0"/>');
  });

  it('gives each breached threshold a failure with actual against limit', () => {
    const xml = renderJunitXml(buildFixtureSummary());
    expect(xml.match(/<failure /g)).toHaveLength(1);
    expect(xml).toContain(
      '<testcase name="commands.balance.latencyMs.p99 &lt;= 500" classname="ramp" time="0">\n' +
        '    <failure message="commands.balance.latencyMs.p99 &lt;= 500: actual 860.83 vs limit &lt;= 500" ' +
        'type="ThresholdBreached">commands.balance.latencyMs.p99 &lt;= 500: actual 860.83 vs limit &lt;= 500</failure>\n' +
        '  </testcase>',
    );
  });

  it('says a threshold was not measured rather than printing null', () => {
    const xml = renderJunitXml(buildFixtureSummary({ thresholds: ['commands.nope.failed == 0'] }));
    expect(xml).toContain(
      'message="commands.nope.failed == 0: not measured (the run has no commands.nope.failed) vs limit == 0"',
    );
  });

  it('escapes markup in names, messages and attributes, and drops characters XML cannot hold', () => {
    const summary = buildFixtureSummary({
      thresholds: ['latencyMs.p95 < 1'],
      overrides: { scenario: `a&b<"c'>\u0001` },
    });
    const xml = renderJunitXml(summary);
    expect(xml).toContain('name="droas-loadtest.a&amp;b&lt;&quot;c&apos;&gt;\uFFFD"');
    expect(xml).toContain('classname="a&amp;b&lt;&quot;c&apos;&gt;\uFFFD"');
    expect(xml).not.toContain('\u0001');
    // Every `&` starts an entity, and no raw `<` or `"` survives inside an attribute value.
    expect(xml.match(/&(?!amp;|lt;|gt;|quot;|apos;)/g)).toBeNull();
    for (const value of xml.match(/="[^"]*"/g) ?? []) expect(value).not.toMatch(/[<>]/);
  });

  it('escapeXml keeps tab and newline, which XML allows', () => {
    expect(escapeXml('a\tb\nc\r')).toBe('a\tb\nc\r');
    expect(escapeXml('\u0000\u000B\uFFFF')).toBe('\uFFFD\uFFFD\uFFFD');
  });
});
