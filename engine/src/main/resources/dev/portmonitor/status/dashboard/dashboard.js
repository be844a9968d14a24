/*
 * Port Monitor's status page: one script for `port-monitor run` and for the Jenkins page.
 *
 * It reads where its data is from the element #pm-dashboard:
 *   data-status-url  the /status document (StatusJson)
 *   data-chart-url   a monitor's history (HistoryChart), asked with ?id=ID&range=24h|30d
 *   data-events-url  optional: server-sent events, one per monitor event, to update at once
 *   data-poll-ms     how often the status is read again anyway (default 10000)
 * No inline script, nothing fetched from elsewhere; charts use the global `echarts`.
 */
(function () {
  'use strict';

  var RANK = { DOWN: 0, DEGRADED: 1, UNKNOWN: 2, UP: 3 };
  var STATES = ['DOWN', 'DEGRADED', 'UNKNOWN', 'UP'];

  function escapeHtml(value) {
    return String(value == null ? '' : value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function percent(value) {
    if (value == null) return '–';
    var p = value * 100;
    return (p === 100 ? '100' : p >= 99.995 ? '99.99' : p.toFixed(p >= 99 ? 2 : 1)) + '%';
  }

  function latency(ms) {
    if (ms == null) return '–';
    return ms < 1 ? ms.toFixed(2) + ' ms' : ms < 100 ? ms.toFixed(1) + ' ms' : Math.round(ms) + ' ms';
  }

  function span(seconds) {
    seconds = Math.max(0, Math.round(seconds));
    if (seconds < 60) return seconds + ' s';
    var minutes = Math.round(seconds / 60);
    if (minutes < 60) return minutes + ' min';
    var hours = Math.floor(minutes / 60);
    if (hours < 48) return hours + ' h' + (minutes % 60 ? ' ' + (minutes % 60) + ' min' : '');
    return Math.floor(hours / 24) + ' d ' + (hours % 24) + ' h';
  }

  function when(iso) {
    if (!iso) return '';
    var d = new Date(iso);
    return d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit' });
  }

  /** A 24-hour sparkline as one small SVG: availability bars (failed share in red) and the latency line. */
  function sparkline(line) {
    var width = 96, height = 22, n = line ? line.availability.length : 24, step = width / n;
    if (!line) return '<svg class="pm-spark" viewBox="0 0 96 22" aria-hidden="true"></svg>';
    var ok = '', bad = '', lines = [], points = [], max = 0;
    line.latencyMs.forEach(function (v) { if (v != null && v > max) max = v; });
    for (var i = 0; i < n; i++) {
      var a = line.availability[i];
      var x = (i * step).toFixed(1), w = Math.max(1, step - 1).toFixed(1);
      if (a != null) {
        var up = (height * a / 100);
        if (up > 0) ok += 'M' + x + ' ' + (height - up).toFixed(1) + 'h' + w + 'v' + up.toFixed(1) + 'h-' + w + 'z';
        if (a < 100) bad += 'M' + x + ' 0h' + w + 'v' + (height - up).toFixed(1) + 'h-' + w + 'z';
      }
      var l = line.latencyMs[i];
      if (l != null && max > 0) {
        points.push((i * step + step / 2).toFixed(1) + ',' + (height - 2 - (height - 4) * l / max).toFixed(1));
      } else if (points.length) {
        lines.push(points); // an hour without latency breaks the line: a gap looks like a gap
        points = [];
      }
    }
    if (points.length) lines.push(points);
    return '<svg class="pm-spark" viewBox="0 0 96 22" preserveAspectRatio="none" aria-hidden="true">'
      + (ok ? '<path class="pm-spark-ok" d="' + ok + '"/>' : '')
      + (bad ? '<path class="pm-spark-bad" d="' + bad + '"/>' : '')
      + lines.map(function (p) {
        return p.length > 1 ? '<polyline class="pm-spark-latency" points="' + p.join(' ') + '"/>' : '';
      }).join('')
      + '</svg>';
  }

  function Dashboard(root) {
    this.root = root;
    this.statusUrl = root.getAttribute('data-status-url');
    this.chartUrl = root.getAttribute('data-chart-url');
    this.eventsUrl = root.getAttribute('data-events-url');
    this.pollMs = parseInt(root.getAttribute('data-poll-ms') || '10000', 10);
    this.rows = {};
    this.data = null;
    this.filter = { text: '', tier: '', tag: '', state: '' };
    this.charts = [];
    this.chartsFor = null;
    this.chartsAt = 0;
    this.timer = null;
    this.pending = null;
    this.build();
  }

  Dashboard.prototype.build = function () {
    var self = this;
    this.root.textContent = '';
    this.root.classList.add('pm-dashboard');
    var header = el('header', 'pm-header');
    var title = el('div', 'pm-title');
    title.appendChild(el('h1', null, 'Port Monitor'));
    this.updated = el('span', 'pm-updated', 'loading…');
    title.appendChild(this.updated);
    header.appendChild(title);
    this.counts = el('div', 'pm-counts');
    header.appendChild(this.counts);
    var filters = el('div', 'pm-filters');
    this.search = el('input', 'pm-search');
    this.search.type = 'search';
    this.search.placeholder = 'Filter: name, host, kind, tag';
    this.search.setAttribute('aria-label', 'Filter monitors');
    var typing = null;
    this.search.addEventListener('input', function () {
      clearTimeout(typing); // one filter when the typing pauses, not one a key
      typing = setTimeout(function () { self.filter.text = self.search.value.trim().toLowerCase(); self.renderRows(); }, 120);
    });
    filters.appendChild(this.search);
    this.selects = {};
    [['state', 'Any state'], ['tier', 'Any tier'], ['tag', 'Any tag']].forEach(function (pair) {
      var select = el('select', 'pm-select pm-select-' + pair[0]);
      select.setAttribute('aria-label', pair[1]);
      select.appendChild(new Option(pair[1], ''));
      select.addEventListener('change', function () { self.filter[pair[0]] = select.value; self.renderRows(); self.renderCounts(); });
      self.selects[pair[0]] = select;
      filters.appendChild(select);
    });
    STATES.concat(['MAINTENANCE']).forEach(function (s) { self.selects.state.appendChild(new Option(s.toLowerCase(), s)); });
    header.appendChild(filters);
    this.root.appendChild(header);
    this.banner = el('div', 'pm-banner');
    this.banner.hidden = true;
    this.root.appendChild(this.banner);
    this.warnings = el('ul', 'pm-warnings');
    this.warnings.hidden = true;
    this.root.appendChild(this.warnings);
    this.findings = el('section', 'pm-findings');
    this.findings.hidden = true;
    this.root.appendChild(this.findings);
    this.detail = el('section', 'pm-detail');
    this.detail.hidden = true;
    this.root.appendChild(this.detail);
    var table = el('table', 'pm-table');
    table.innerHTML = '<thead><tr><th class="pm-col-state">State</th><th class="pm-col-monitor">Monitor</th>'
      + '<th class="pm-col-latency">Last check</th><th class="pm-col-spark">Last 24 h</th><th class="pm-col-a24">Avail. 24 h</th>'
      + '<th class="pm-col-a7">7 d</th><th class="pm-col-a30">30 d</th><th class="pm-col-prober">Probed by</th></tr></thead>';
    this.tbody = el('tbody');
    table.appendChild(this.tbody);
    this.table = table;
    this.empty = el('p', 'pm-empty');
    this.empty.hidden = true;
    this.root.appendChild(table);
    this.root.appendChild(this.empty);
    this.tbody.addEventListener('click', function (e) {
      var row = e.target.closest('tr[data-id]');
      if (row && !e.target.closest('a')) location.hash = 'monitor=' + encodeURIComponent(row.getAttribute('data-id'));
    });
    window.addEventListener('hashchange', function () { self.renderDetail(true); });
    window.addEventListener('resize', function () { self.charts.forEach(function (c) { c.resize(); }); });
  };

  Dashboard.prototype.start = function () {
    var self = this;
    this.refresh();
    this.timer = setInterval(function () { self.refresh(); }, this.pollMs);
    if (this.eventsUrl && window.EventSource) {
      var source = new EventSource(this.eventsUrl);
      source.addEventListener('change', function () { self.soon(); });
      source.onopen = function () { self.root.classList.add('pm-live'); };
      source.onerror = function () { self.root.classList.remove('pm-live'); };
      this.source = source;
    }
  };

  /** Reads the status again shortly: several events at once make one read. */
  Dashboard.prototype.soon = function () {
    var self = this;
    if (this.pending) return;
    this.pending = setTimeout(function () { self.pending = null; self.refresh(); }, 100);
  };

  Dashboard.prototype.refresh = function () {
    var self = this;
    if (this.loading) { this.again = true; return; }
    this.loading = true;
    fetch(this.statusUrl, { cache: 'no-store', credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status === 401 ? 'not signed in: open this page with ?token=TOKEN'
          : 'the status answered ' + response.status);
        return response.json();
      })
      .then(function (data) { self.show(data); self.setBanner(null); })
      .catch(function (e) { self.setBanner('Cannot read the status: ' + e.message); })
      .then(function () {
        self.loading = false;
        if (self.again) { self.again = false; self.soon(); }
      });
  };

  Dashboard.prototype.setBanner = function (text) {
    this.banner.hidden = !text;
    this.banner.textContent = text || '';
  };

  Dashboard.prototype.show = function (data) {
    this.data = data;
    this.skew = Date.now() - Date.parse(data.generatedAt);
    this.updated.textContent = 'updated ' + new Date(data.generatedAt).toLocaleTimeString()
      + (data.cluster && data.cluster.members.length > 1 ? ' · cluster ' + data.cluster.name + ', '
        + data.cluster.members.length + ' members' : '');
    this.byId = {};
    var self = this;
    data.monitors.forEach(function (m, i) { m.order = i; self.byId[m.id] = m; });
    this.table.classList.toggle('pm-clustered', !!(data.cluster && data.cluster.members.length > 1));
    this.fillSelect('tier', data.monitors.map(function (m) { return m.tier; }));
    this.fillSelect('tag', [].concat.apply([], data.monitors.map(function (m) { return m.tags || []; })));
    this.renderWarnings(data);
    this.renderFindings(data);
    this.renderCounts();
    this.renderRows();
    this.renderDetail(false);
    if (!this.root.hasAttribute('data-ready')) {
      // when the first status was drawn, in ms since the page began to load (what a benchmark reads)
      this.root.setAttribute('data-ready', String(Math.round(performance.now())));
    }
  };

  /** What needs a person beyond the monitors: state not being saved, members configured differently. */
  Dashboard.prototype.renderWarnings = function (data) {
    var list = [];
    if (data.persistence && !data.persistence.ok) list.push('State is not being saved: ' + (data.persistence.lastError || 'unknown error'));
    if (data.cluster) list = list.concat(data.cluster.configurationDifferences || []);
    this.warnings.hidden = !list.length;
    this.warnings.innerHTML = list.map(function (w) { return '<li>' + escapeHtml(w) + '</li>'; }).join('');
  };

  /**
   * Every pattern found, at the top: monitors failing together (a shared host?) first, then each
   * monitor's recurring incidents and the deploys they follow; a monitor's sentence opens its detail.
   */
  Dashboard.prototype.renderFindings = function (data) {
    var items = (data.findings || []).map(function (f) {
      return { html: escapeHtml(f.sentence), key: f.sentence };
    });
    data.monitors.forEach(function (m) {
      (m.patterns || []).forEach(function (p) {
        items.push({ html: '<a href="#monitor=' + encodeURIComponent(m.id) + '">' + escapeHtml(p.sentence) + '</a>', key: p.sentence });
      });
    });
    var key = JSON.stringify(items.map(function (i) { return i.key; }));
    if (this.findings.getAttribute('data-key') === key) return;
    this.findings.setAttribute('data-key', key);
    this.findings.hidden = !items.length;
    this.findings.innerHTML = '<h2>Patterns found' + (data.timezone ? ' <small>(' + escapeHtml(data.timezone) + ')</small>' : '')
      + '</h2><ul>' + items.map(function (i) { return '<li>' + i.html + '</li>'; }).join('') + '</ul>';
  };

  Dashboard.prototype.fillSelect = function (name, values) {
    var select = this.selects[name], seen = {}, list = [];
    values.forEach(function (v) { if (v && !seen[v]) { seen[v] = true; list.push(v); } });
    list.sort();
    var key = list.join('\u0000');
    if (select.getAttribute('data-key') === key) return;
    select.setAttribute('data-key', key);
    var current = select.value;
    while (select.options.length > 1) select.remove(1);
    list.forEach(function (v) { select.appendChild(new Option(v, v)); });
    select.value = seen[current] ? current : '';
    this.filter[name] = select.value;
  };

  Dashboard.prototype.renderCounts = function () {
    var s = this.data.summary, self = this;
    var items = [['down', 'DOWN'], ['degraded', 'DEGRADED'], ['up', 'UP'], ['unknown', 'UNKNOWN'], ['maintenance', 'MAINTENANCE']];
    this.counts.textContent = '';
    items.forEach(function (item) {
      var button = el('button', 'pm-count pm-count-' + item[0] + (self.filter.state === item[1] ? ' pm-active' : ''));
      button.type = 'button';
      button.setAttribute('data-state', item[1]);
      button.appendChild(el('strong', null, String(s[item[0]] || 0)));
      button.appendChild(el('span', null, item[0] === 'maintenance' ? 'in maintenance' : item[0]));
      button.addEventListener('click', function () {
        self.filter.state = self.filter.state === item[1] ? '' : item[1];
        self.selects.state.value = self.filter.state;
        self.renderCounts();
        self.renderRows();
      });
      self.counts.appendChild(button);
    });
    this.counts.appendChild(el('span', 'pm-total', s.total + ' monitors'));
  };

  Dashboard.prototype.matches = function (m) {
    var f = this.filter;
    if (f.state === 'MAINTENANCE' ? !m.maintenance : f.state && m.status !== f.state) return false;
    if (f.tier && m.tier !== f.tier) return false;
    if (f.tag && (m.tags || []).indexOf(f.tag) < 0) return false;
    if (f.text) {
      var hay = (m.id + ' ' + m.name + ' ' + m.target + ' ' + m.kind + ' ' + (m.tags || []).join(' ')).toLowerCase();
      if (hay.indexOf(f.text) < 0) return false;
    }
    return true;
  };

  Dashboard.prototype.renderRows = function () {
    if (!this.data) return;
    var self = this, now = Date.now() - (this.skew || 0);
    var shown = this.data.monitors.filter(function (m) { return self.matches(m); });
    shown.sort(function (a, b) { return (RANK[a.status] - RANK[b.status]) || (a.order - b.order); });
    var keep = {}, order = [];
    shown.forEach(function (m) {
      keep[m.id] = true;
      var row = self.rows[m.id];
      if (!row) {
        row = document.createElement('tr');
        row.setAttribute('data-id', m.id);
        self.rows[m.id] = row;
      }
      // everything the row shows: a row is redrawn only when one of these changed
      var key = JSON.stringify([m.status, m.since, m.maintenance, m.lastCheck && m.lastCheck.at, m.availability, m.prober,
        m.since ? span((now - Date.parse(m.since)) / 1000) : '', m.name, m.target, m.kind, m.tier, m.enabled, m.sparkline]);
      if (row.getAttribute('data-key') !== key) {
        row.setAttribute('data-key', key);
        row.setAttribute('data-status', m.status);
        row.className = 'pm-row pm-row-' + m.status.toLowerCase() + (m.enabled ? '' : ' pm-disabled');
        row.innerHTML = self.rowHtml(m, now);
      }
      order.push(m.id);
    });
    var sequence = order.join('\u0000');
    if (sequence !== this.sequence) {
      // only when which rows show, or their order, changed: moving a thousand rows costs a layout
      this.sequence = sequence;
      Object.keys(this.rows).forEach(function (id) { if (!keep[id]) { self.rows[id].remove(); if (!self.byId[id]) delete self.rows[id]; } });
      var fragment = document.createDocumentFragment();
      order.forEach(function (id) { fragment.appendChild(self.rows[id]); });
      this.tbody.appendChild(fragment);
    }
    this.empty.hidden = shown.length > 0;
    this.empty.textContent = this.data.monitors.length ? 'No monitor matches the filters.' : 'No monitors are configured.';
  };

  Dashboard.prototype.rowHtml = function (m, now) {
    var since = m.since ? span((now - Date.parse(m.since)) / 1000) : '';
    var last = m.lastCheck;
    var lastText = !last ? '–' : (last.outcome === 'OPEN' ? latency(last.latencyMs)
      : last.outcome + (last.latencyMs != null ? ' · ' + latency(last.latencyMs) : ''));
    return '<td class="pm-col-state"><span class="pm-badge pm-' + m.status.toLowerCase() + '">' + m.status + '</span>'
      + (since ? '<span class="pm-since">for ' + since + '</span>' : '')
      + (m.maintenance ? '<span class="pm-badge pm-maint" title="maintenance window">' + escapeHtml(m.maintenance) + '</span>' : '')
      + '</td><td class="pm-col-monitor"><a class="pm-name" href="#monitor=' + encodeURIComponent(m.id) + '">'
      + escapeHtml(m.name) + '</a><span class="pm-target">' + escapeHtml(m.target) + ' · ' + escapeHtml(m.kind)
      + (m.tier ? ' · ' + escapeHtml(m.tier) : '') + '</span></td>'
      + '<td class="pm-col-latency" title="' + escapeHtml(last && last.reason || '') + '">' + escapeHtml(lastText) + '</td>'
      + '<td class="pm-col-spark">' + sparkline(m.sparkline) + '</td>'
      + '<td class="pm-col-a24">' + percent(m.availability['24h']) + '</td>'
      + '<td class="pm-col-a7">' + percent(m.availability['7d']) + '</td>'
      + '<td class="pm-col-a30">' + percent(m.availability['30d']) + '</td>'
      + '<td class="pm-col-prober">' + escapeHtml(m.prober || '') + '</td>';
  };

  Dashboard.prototype.selected = function () {
    var match = /^#monitor=(.+)$/.exec(location.hash);
    try {
      return match ? decodeURIComponent(match[1]) : null;
    } catch (malformed) {
      return null; // a hand-made #monitor=%E0: no such monitor
    }
  };

  Dashboard.prototype.renderDetail = function (navigated) {
    var id = this.selected();
    var m = id && this.byId ? this.byId[id] : null;
    if (!m) {
      this.detail.hidden = true;
      this.disposeCharts();
      return;
    }
    var now = Date.now() - (this.skew || 0);
    this.detail.hidden = false;
    var last = m.lastCheck;
    var html = '<div class="pm-detail-head"><h2>' + escapeHtml(m.name) + ' <small>' + escapeHtml(m.target) + ' · '
      + escapeHtml(m.kind) + '</small></h2><a class="pm-close" href="#" aria-label="Close">×</a></div>'
      + '<p class="pm-detail-state"><span class="pm-badge pm-' + m.status.toLowerCase() + '">' + m.status + '</span> '
      + (m.since ? 'since ' + escapeHtml(when(m.since)) + ' (' + span((now - Date.parse(m.since)) / 1000) + ')' : 'not checked yet')
      + (m.prober ? ' · probed by ' + escapeHtml(m.prober) : '') + '</p>';
    html += '<dl class="pm-facts">'
      + '<dt>Availability</dt><dd>' + percent(m.availability['24h']) + ' (24 h) · ' + percent(m.availability['7d'])
      + ' (7 d) · ' + percent(m.availability['30d']) + ' (30 d)</dd>'
      + (last ? '<dt>Last check</dt><dd>' + escapeHtml(last.outcome) + (last.latencyMs != null ? ' · ' + latency(last.latencyMs) : '')
        + (last.address ? ' · ' + escapeHtml(last.address) : '') + ' · ' + escapeHtml(when(last.at)) + '</dd>' : '')
      + (m.lastFailure ? '<dt>Last failure</dt><dd class="pm-reason">' + escapeHtml(m.lastFailure) + '</dd>' : '');
    var details = last && last.details ? last.details : {};
    if (details.certificateNotAfter) {
      html += '<dt>Certificate</dt><dd>expires ' + escapeHtml(when(details.certificateNotAfter)) + ' ('
        + escapeHtml(details.certificateDaysLeft) + ' days left)' + (details.certificateSubject ? ', '
        + escapeHtml(details.certificateSubject) : '') + '</dd>';
    }
    Object.keys(details).forEach(function (key) {
      if (key.indexOf('certificate') !== 0) html += '<dt>' + escapeHtml(key) + '</dt><dd>' + escapeHtml(details[key]) + '</dd>';
    });
    html += '</dl>';
    html += '<div class="pm-charts"><div class="pm-chart-box"><h3>Last 24 hours, per minute</h3><div class="pm-chart" data-range="24h"></div></div>'
      + '<div class="pm-chart-box"><h3>Last 30 days, per hour</h3><div class="pm-chart" data-range="30d"></div></div></div>';
    html += this.windowsHtml(m) + this.incidentsHtml(m, now);
    if (m.patterns && m.patterns.length) {
      html += '<h3>Recurring patterns</h3><ul class="pm-patterns">' + m.patterns.map(function (p) {
        return '<li>' + escapeHtml(p.sentence || p) + '</li>';
      }).join('') + '</ul>';
    }
    var key = JSON.stringify([id, m.status, m.since, m.lastCheck && m.lastCheck.at, m.incidents, m.deliveries, m.maintenance,
      m.name, m.target, m.kind, m.prober, m.lastFailure, m.availability, this.data.maintenance, m.patterns]);
    if (navigated || this.detail.getAttribute('data-key') !== key) {
      this.detail.setAttribute('data-key', key);
      if (!navigated && this.chartsFor === id) {
        // the same monitor changed: redraw around its charts, which keep what they drew
        var charts = this.detail.querySelector('.pm-charts');
        this.detail.innerHTML = html;
        this.detail.replaceChild(charts, this.detail.querySelector('.pm-charts'));
      } else {
        this.disposeCharts();
        this.detail.innerHTML = html;
      }
      if (navigated) this.detail.scrollIntoView({ block: 'start' });
    }
    if (this.chartsFor !== id || Date.now() - this.chartsAt > 10000) this.drawCharts(id);
  };

  Dashboard.prototype.windowsHtml = function (m) {
    var windows = (this.data.maintenance || []).filter(function (w) {
      return (!w.monitors.length && !w.tags.length) || w.monitors.indexOf(m.id) >= 0
        || (m.tags || []).some(function (t) { return w.tags.indexOf(t) >= 0; });
    });
    if (!windows.length) return '<h3>Maintenance windows</h3><p class="pm-none">None applies to this monitor.</p>';
    return '<h3>Maintenance windows</h3><ul class="pm-windows">' + windows.map(function (w) {
      return '<li' + (w.active ? ' class="pm-active"' : '') + '><strong>' + escapeHtml(w.id) + '</strong> '
        + (w.cron ? 'cron <code>' + escapeHtml(w.cron) + '</code> for ' + escapeHtml(w.duration) + ' (' + escapeHtml(w.zone) + ')'
          : escapeHtml(when(w.start)) + ' to ' + escapeHtml(when(w.end)))
        + (w.active ? ' · <em>active now</em>' : '') + '</li>';
    }).join('') + '</ul>';
  };

  Dashboard.prototype.incidentsHtml = function (m, now) {
    if (!m.incidents.length) return '<h3>Incidents</h3><p class="pm-none">No incidents recorded.</p>';
    var deliveries = m.deliveries || [];
    return '<h3>Incidents</h3><table class="pm-incidents"><thead><tr><th>Began</th><th>Lasted</th><th>Cause</th>'
      + '<th>Who was told</th></tr></thead><tbody>' + m.incidents.map(function (incident) {
        var start = Date.parse(incident.start), end = incident.end ? Date.parse(incident.end) : now;
        var told = deliveries.filter(function (d) {
          var at = Date.parse(d.at);
          return at >= start && at <= end + 15 * 60000;
        });
        return '<tr><td>' + escapeHtml(when(incident.start)) + '</td><td>' + (incident.end ? span(incident.durationSeconds)
          : '<strong>ongoing</strong>, ' + span((now - start) / 1000)) + '</td><td>' + escapeHtml(incident.cause)
          + (incident.afterDeploy ? '<div class="pm-after-deploy">' + (/^https?:\/\//.test(incident.afterDeploy.url || '')
            ? '<a href="' + escapeHtml(incident.afterDeploy.url) + '">' + escapeHtml(incident.afterDeploy.sentence) + '</a>'
            : escapeHtml(incident.afterDeploy.sentence)) + '</div>' : '')
          + (incident.maintenance ? '<div class="pm-maint-note">in maintenance window ' + escapeHtml(incident.maintenance)
            + ': no one was told</div>' : '')
          + '</td><td>' + (told.length ? '<ul>' + told.map(function (d) {
            return '<li class="' + (d.delivered ? 'pm-told' : 'pm-not-told') + '">' + escapeHtml(d.event) + ' → '
              + escapeHtml(d.channel) + ': ' + (d.delivered ? 'sent ' + escapeHtml(when(d.at))
                + (d.attempts > 1 ? ' after ' + d.attempts + ' attempts' : '') : escapeHtml(d.reason || 'not sent')) + '</li>';
          }).join('') + '</ul>' : '–') + '</td></tr>';
      }).join('') + '</tbody></table>';
  };

  Dashboard.prototype.disposeCharts = function () {
    this.charts.forEach(function (c) { c.dispose(); });
    this.charts = [];
    this.chartsFor = null;
  };

  Dashboard.prototype.chartUrlFor = function (id, range) {
    return this.chartUrl + (this.chartUrl.indexOf('?') < 0 ? '?' : '&') + 'id=' + encodeURIComponent(id) + '&range=' + range;
  };

  Dashboard.prototype.drawCharts = function (id) {
    var self = this;
    this.chartsFor = id;
    this.chartsAt = Date.now();
    var boxes = this.detail.querySelectorAll('.pm-chart');
    Array.prototype.forEach.call(boxes, function (box, i) {
      var range = box.getAttribute('data-range');
      fetch(self.chartUrlFor(id, range), { cache: 'no-store', credentials: 'same-origin' })
        .then(function (r) { if (!r.ok) throw new Error('the history answered ' + r.status); return r.json(); })
        .then(function (data) {
          if (self.chartsFor !== id || !box.isConnected) return;
          if (!window.echarts) { box.textContent = 'Charts need ECharts, which did not load.'; return; }
          var chart = self.charts[i];
          if (!chart || chart.getDom() !== box) {
            chart = window.echarts.init(box, null, { renderer: 'canvas' });
            self.charts[i] = chart;
          }
          var end = Date.now() - (self.skew || 0);
          chart.setOption(chartOption(data, end - RANGES[range], end), true);
          box.setAttribute('data-points', String(data.points.length));
        })
        .catch(function (e) {
          // the chart's canvas goes with the text: the next read starts a new chart
          if (self.charts[i]) { self.charts[i].dispose(); self.charts[i] = null; }
          box.textContent = 'Cannot read the history: ' + e.message;
        });
    });
  };

  var RANGES = { '24h': 24 * 3600 * 1000, '30d': 30 * 24 * 3600 * 1000 };

  /** The chart of a range: the whole range on the time axis, whatever part of it has checks. */
  function chartOption(data, from, to) {
    var availability = data.points.map(function (p) { return [p.t, p.availability]; });
    var latencies = data.points.map(function (p) { return [p.t, p.latencyMs]; });
    return {
      animation: false,
      grid: { left: 44, right: 52, top: 28, bottom: 28 },
      legend: { top: 0, data: ['availability %', 'latency ms'] },
      tooltip: { trigger: 'axis' },
      xAxis: { type: 'time', min: from, max: to },
      yAxis: [
        { type: 'value', min: 0, max: 100, name: '%', splitLine: { show: false } },
        { type: 'value', name: 'ms', position: 'right' }
      ],
      series: [
        { name: 'availability %', type: 'bar', data: availability, itemStyle: { color: '#3c9d5d' }, barMaxWidth: 6 },
        { name: 'latency ms', type: 'line', yAxisIndex: 1, data: latencies, showSymbol: false, connectNulls: false,
          lineStyle: { width: 1.5, color: '#3a6fd8' }, itemStyle: { color: '#3a6fd8' } }
      ]
    };
  }

  function start() {
    var root = document.getElementById('pm-dashboard');
    if (root && !root.pmDashboard) {
      root.pmDashboard = new Dashboard(root);
      root.pmDashboard.start();
    }
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', start);
  } else {
    start();
  }
})();
