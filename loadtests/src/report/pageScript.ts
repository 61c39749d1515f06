/**
 * The script of report.html: draws each `<div class="chart" data-chart="id">` from the page's embedded JSON with
 * uPlot. It only draws: every figure (CPU %, MiB, aligned series) is computed in TypeScript (reportCharts.ts),
 * where it is typed and tested. Plain ES2017 in a string, because it runs in the reader's browser, not in Node.
 */
export const pageScript = String.raw`
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var charts = [];

  function formatValue(value, unit) {
    if (value === null || value === undefined) return '—';
    var abs = Math.abs(value);
    var digits = abs >= 100 || Number.isInteger(value) ? 0 : abs >= 10 ? 1 : 2;
    var text = value.toLocaleString('en-US', { maximumFractionDigits: digits });
    return unit ? text + ' ' + unit : text;
  }

  function fromZero(u, min, max) {
    return uPlot.rangeNum(0, max > 0 ? max : 1, 0.1, true);
  }

  function seriesOptions(s) {
    var options = {
      label: s.label,
      stroke: s.color,
      width: 2,
      scale: s.rightAxis ? 'y2' : 'y',
      spanGaps: true,
      points: { show: false },
      value: function (u, v) { return formatValue(v, s.unit); }
    };
    if (s.dashed) options.dash = [6, 4];
    if (s.style === 'bars') {
      options.paths = uPlot.paths.bars({ size: [0.8, 64] });
      options.fill = s.color + 'cc';
      options.width = 1;
    } else if (s.style === 'linePoints') {
      options.points = { show: true, size: 7, width: 1, stroke: s.color, fill: '#fff' };
    } else if (s.style === 'points') {
      options.paths = function () { return null; };
      options.points = { show: true, size: 7, width: 1, stroke: s.color, fill: s.color };
    }
    return options;
  }

  // Vertical dashed lines with a label at the top, e.g. the ramp's knee.
  function drawMarkers(markers) {
    return function (u) {
      var ctx = u.ctx;
      var ratio = uPlot.pxRatio;
      markers.forEach(function (marker) {
        var x = Math.round(u.valToPos(marker.x, 'x', true));
        ctx.save();
        ctx.strokeStyle = '#1f2328';
        ctx.lineWidth = 1.5 * ratio;
        ctx.setLineDash([6 * ratio, 4 * ratio]);
        ctx.beginPath();
        ctx.moveTo(x, u.bbox.top);
        ctx.lineTo(x, u.bbox.top + u.bbox.height);
        ctx.stroke();
        ctx.setLineDash([]);
        ctx.fillStyle = '#1f2328';
        ctx.font = 'bold ' + 13 * ratio + 'px system-ui, sans-serif';
        ctx.textAlign = 'left';
        ctx.textBaseline = 'top';
        ctx.fillText(marker.label, x + 6 * ratio, u.bbox.top + 6 * ratio);
        ctx.restore();
      });
    };
  }

  function build(element, plot) {
    var labels = plot.xTickLabels;
    var xAxis = { label: plot.xLabel, labelSize: 24, stroke: '#59636e', grid: { stroke: '#eaeef2' } };
    var xScale = { time: false };
    if (labels) {
      xScale.range = function () { return [-0.5, labels.length - 0.5]; };
      xAxis.splits = function () { return labels.map(function (_, i) { return i; }); };
      xAxis.values = function (u, splits) { return splits.map(function (i) { return labels[i]; }); };
      xAxis.grid = { show: false };
      // Many buckets: slant the labels rather than let them run into each other.
      if (labels.length > 24) {
        xAxis.rotate = -40;
        xAxis.size = 64;
      }
    }
    var axes = [xAxis, { label: plot.yLabel, labelSize: 24, size: 64, stroke: '#59636e', grid: { stroke: '#eaeef2' } }];
    var scales = { x: xScale, y: { range: fromZero } };
    if (plot.y2Label) {
      // The right axis takes the colour of its series, so it is clear which marks it measures.
      var right = plot.series.filter(function (s) { return s.rightAxis; })[0];
      var rightStroke = right ? right.color : '#59636e';
      axes.push({ label: plot.y2Label, labelSize: 24, size: 64, side: 1, scale: 'y2', stroke: rightStroke, grid: { show: false } });
      scales.y2 = { range: fromZero };
    }
    var xSeries = {
      label: plot.xLegend,
      value: function (u, v) { return labels ? (labels[v] || '—') : formatValue(v, ''); }
    };
    var options = {
      width: Math.max(320, element.clientWidth),
      height: 300,
      scales: scales,
      axes: axes,
      series: [xSeries].concat(plot.series.map(seriesOptions)),
      // One series needs no key: the title and axis say what it is.
      legend: { show: plot.series.length > 1, live: true },
      cursor: { drag: { x: false, y: false } },
      hooks: plot.markers && plot.markers.length ? { draw: [drawMarkers(plot.markers)] } : {}
    };
    var columns = [plot.x].concat(plot.series.map(function (s) { return s.values; }));
    return new uPlot(options, columns, element);
  }

  document.querySelectorAll('[data-chart]').forEach(function (element) {
    var plot = data.charts[element.getAttribute('data-chart')];
    if (plot) charts.push({ element: element, chart: build(element, plot) });
  });

  window.addEventListener('resize', function () {
    charts.forEach(function (entry) {
      entry.chart.setSize({ width: Math.max(320, entry.element.clientWidth), height: 300 });
    });
  });
})();
`;
