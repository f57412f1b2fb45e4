// Polls the API every 5 s and fills the page. The token (when the service has one) comes from the URL fragment
// (#token=...), which the browser never sends to the server; it goes out only in the Authorization header.
'use strict';
(function () {
  const token = new URLSearchParams(location.hash.slice(1)).get('token');
  const headers = token ? { Authorization: 'Bearer ' + token } : {};

  async function get(path) {
    const response = await fetch(path, { headers: headers });
    if (!response.ok) {
      throw new Error(path + ': HTTP ' + response.status);
    }
    return response.json();
  }

  function text(id, value) {
    document.getElementById(id).textContent = value;
  }

  function fmt(value, digits) {
    return value === null || value === undefined ? '–' : Number(value).toFixed(digits);
  }

  function rows(tableId, items, cells) {
    const body = document.querySelector('#' + tableId + ' tbody');
    body.replaceChildren();
    for (const item of items) {
      const tr = document.createElement('tr');
      for (const [value, numeric] of cells(item)) {
        const td = document.createElement('td');
        td.textContent = value;
        if (numeric) {
          td.className = 'n';
        }
        tr.appendChild(td);
      }
      body.appendChild(tr);
    }
  }

  function minuteIso(ms) {
    return new Date(Math.floor(ms / 60000) * 60000).toISOString().replace('.000Z', 'Z');
  }

  async function refresh() {
    const now = Date.now();
    // Whole hours: below the boundary batch serves only whole hours, so an hour-aligned window is exact.
    const hourFrom = new Date((Math.floor(now / 3600000) - 1) * 3600000).toISOString().replace('.000Z', 'Z');
    const to = minuteIso(now);
    const minutesFrom = minuteIso(now - 600000);
    try {
      const [health, freshness, stages, hour, minutes] = await Promise.all([
        get('health'),
        get('api/freshness'),
        get('api/stages'),
        get('api/metrics?granularity=1d&group_by=none&from=' + hourFrom + '&to=' + to),
        get('api/metrics?granularity=1m&from=' + minutesFrom + '&to=' + to)
      ]);
      const status = document.getElementById('status');
      status.textContent = health.status;
      status.className = health.status;
      text('boundary', freshness.boundary.time || 'none yet (all from speed)');
      text('batch-lag', freshness.batch.lag_seconds + ' s' + (freshness.batch.lagging ? ' (LAGGING)' : ''));

      const total = hour.buckets.length === 1 ? hour.buckets[0] : null;
      const figures = document.getElementById('events-hour');
      figures.dataset.from = hour.from;
      figures.dataset.to = hour.to;
      text('events-hour', total ? total.event_count : 0);
      text('p95-hour', total ? fmt(total.p95_response_time_ms, 1) : '–');
      text('revenue-hour', total ? fmt(total.revenue_sum, 2) : '–');

      const dlqRate = stages.dlq.reduce((sum, d) => sum + (d.rate_per_second || 0), 0);
      text('dlq-rate', fmt(dlqRate, 2));
      text('sink-lag', Object.values(stages.sink_lag).reduce((a, b) => a + b, 0));
      rows('stages', stages.stages, s => [[s.topic], [fmt(s.rate_per_second, 1), true], [s.end_offset ?? '–', true]]);
      rows('dlq', stages.dlq, s => [[s.topic], [fmt(s.rate_per_second, 2), true], [s.end_offset ?? '–', true]]);
      rows('quality', Object.entries(freshness.batch.quality), ([table, q]) =>
        [[table], [fmt(q.score * 100, 2) + ' %', true], [q.threshold === null ? '–' : fmt(q.threshold * 100, 2) + ' %', true], [q.date || '–']]);

      const perMinute = document.getElementById('per-minute');
      perMinute.dataset.from = minutes.from;
      perMinute.dataset.to = minutes.to;
      rows('per-minute', minutes.buckets, b =>
        [[b.start.substring(11, 16)], [b.event_type], [b.region], [b.event_count, true], [b.source]]);
      text('updated', new Date().toISOString());
      text('error', '');
      document.body.dataset.loaded = 'true';
    } catch (e) {
      text('error', '(' + e.message + ')');
    }
  }

  refresh();
  setInterval(refresh, 5000);
})();
