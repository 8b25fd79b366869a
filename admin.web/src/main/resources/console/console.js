// Cairn console: the worksheet and maintenance forms post JSON to /api/v1 with the session's
// CSRF token (the cookie alone is not enough for a write).
(function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var csrf = meta ? meta.getAttribute('content') : '';
  function api(method, path, body) {
    return fetch('/api/v1' + path, {
      method: method, credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': csrf },
      body: body === undefined ? undefined : JSON.stringify(body)
    }).then(function (r) { return r.json().then(function (j) { return { status: r.status, body: j }; }); });
  }
  function text(s) { return document.createTextNode(s === null || s === undefined ? 'NULL' : String(s)); }
  function table(columns, rows) {
    var t = document.createElement('table'), tr = document.createElement('tr');
    columns.forEach(function (c) { var th = document.createElement('th'); th.appendChild(text(c)); tr.appendChild(th); });
    t.appendChild(tr);
    rows.forEach(function (row) {
      var r = document.createElement('tr');
      row.forEach(function (v) { var td = document.createElement('td'); td.appendChild(text(v)); r.appendChild(td); });
      t.appendChild(r);
    });
    return t;
  }
  var sql = document.getElementById('worksheet');
  if (sql) {
    sql.addEventListener('submit', function (e) {
      e.preventDefault();
      var out = document.getElementById('worksheet-result');
      out.textContent = 'Running...';
      api('POST', '/sql', { sql: sql.elements.sql.value, database: sql.elements.database.value }).then(function (r) {
        out.textContent = '';
        if (r.status !== 200) { var p = document.createElement('p'); p.className = 'error'; p.appendChild(text(r.body.error.message)); out.appendChild(p); return; }
        r.body.results.forEach(function (res) {
          var h = document.createElement('h2'); h.appendChild(text(res.statement)); out.appendChild(h);
          if (res.columns) {
            out.appendChild(table(res.columns, res.rows));
            var n = document.createElement('p'); n.className = 'hint';
            n.appendChild(text(res.row_count + ' row(s)' + (res.truncated ? ', first ' + res.rows.length + ' shown' : '') + ', ' + res.elapsed_ms + ' ms'));
            out.appendChild(n);
          } else {
            var u = document.createElement('p'); u.appendChild(text(res.update_count + ' row(s) affected, ' + res.elapsed_ms + ' ms')); out.appendChild(u);
          }
        });
      });
    });
  }
  var maint = document.getElementById('maintenance');
  if (maint) {
    maint.addEventListener('submit', function (e) {
      e.preventDefault();
      var tables = maint.elements.tables.value.split(',').map(function (s) { return s.trim(); }).filter(Boolean);
      api('POST', '/admin/maintenance', { operation: maint.elements.operation.value, tables: tables, database: maint.elements.database.value })
        .then(function (r) {
          var out = document.getElementById('maintenance-result');
          out.textContent = r.status === 202 ? 'Job ' + r.body.id + ' queued; reload to follow it.' : r.body.error.message;
          out.className = r.status === 202 ? 'hint' : 'error';
          if (r.status === 202) { setTimeout(function () { location.reload(); }, 1000); }
        });
    });
  }
  // Action buttons of pages (also plugin pages, which may not ship scripts under the console's CSP):
  // <button data-api-post="/alerts/5/ack" data-confirm="..."> posts {} with the CSRF token, then
  // reloads; an error is shown as text next to the button.
  Array.prototype.forEach.call(document.querySelectorAll('button[data-api-post]'), function (b) {
    b.addEventListener('click', function () {
      var question = b.getAttribute('data-confirm');
      if (question && !window.confirm(question)) { return; }
      b.disabled = true;
      api('POST', b.getAttribute('data-api-post'), {}).then(function (r) {
        if (r.status >= 200 && r.status < 300) { location.reload(); return; }
        b.disabled = false;
        var out = b.nextElementSibling && b.nextElementSibling.classList.contains('action-result')
          ? b.nextElementSibling : document.createElement('span');
        out.className = 'action-result error';
        out.textContent = r.body && r.body.error ? r.body.error.message : 'HTTP ' + r.status;
        if (!out.parentNode) { b.parentNode.insertBefore(out, b.nextSibling); }
      });
    });
  });
  var config = document.getElementById('config');
  if (config) {
    config.addEventListener('submit', function (e) {
      e.preventDefault();
      var params = {}; params[config.elements.name.value] = config.elements.value.value;
      api('PUT', '/admin/config', { database: config.elements.database.value, parameters: params }).then(function (r) {
        var out = document.getElementById('config-result');
        out.textContent = r.status === 200 ? r.body.applied.join(' ') : r.body.error.message;
        out.className = r.status === 200 ? 'hint' : 'error';
      });
    });
  }
})();
