/* report.js - report.html's behaviour (embedded at build time by embed.cmake).
 *
 * The page is complete without it: the pictures are static SVG and the
 * summary, risks, matrix and cards are markup. The script adds what needs a
 * program: the large listings (SQL sites, modules) built from the embedded
 * JSON when their <details> opens, search over services, modules, tables and
 * functions, and sorting and filtering of tables. It reads nothing but the
 * page, and every name goes into the page as text (textContent), never as
 * markup. The plan's steps open onto their SQL (with a copy button) and the
 * code they change, from the same data. */
(function () {
  'use strict';
  var doc = document;
  doc.documentElement.className += ' js';
  var data = null;

  /* The embedded data, parsed once on first use. */
  function model() {
    if (!data) {
      var el = doc.getElementById('seam-data');
      data = el ? JSON.parse(el.textContent) : {};
    }
    return data;
  }

  function el(tag, cls, text) {
    var e = doc.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }

  function cell(tr, cls, text, inner) {
    var td = el('td', cls);
    if (inner) td.appendChild(el(inner, null, text));
    else td.textContent = text;
    tr.appendChild(td);
    return td;
  }

  function str(i) { return i >= 0 ? model().str[i] : '?'; }
  function file(i) { return i >= 0 && i < model().files.length ? model().files[i] : '?'; }
  function fn(i) { return i >= 0 && i < model().fns.length ? model().fns[i][0] : '?'; }
  function svcName(i) { return i >= 0 ? model().services[i][0] : '(no service)'; }

  var ACCESS = {1: ['r', 'R'], 2: ['w', 'W'], 3: ['rw', 'RW']};

  function fillSql(details) {
    var svc = +details.getAttribute('data-sql');
    var body = details.querySelector('tbody');
    var production = details.querySelectorAll('thead th').length > 5;
    var frag = doc.createDocumentFragment();
    model().sql.forEach(function (s) {
      if (s[0] !== svc) return;
      var tr = el('tr');
      cell(tr, null, file(s[1]) + ':' + s[2], 'code');
      cell(tr, null, fn(s[3]), 'code');
      cell(tr, null, str(s[4]), 'code');
      var td = cell(tr, null, '');
      if (s[5].length === 0) td.appendChild(el('span', 'none', 'unresolved'));
      for (var k = 0; k < s[5].length; k += 2) {
        var d = el('div', 'tbl');
        d.appendChild(el('code', null, str(s[5][k])));
        var a = ACCESS[s[5][k + 1]];
        if (a) d.appendChild(el('span', 'acc ' + a[0], a[1]));
        td.appendChild(d);
      }
      if (production) {
        var c = cell(tr, 'n', s[7] === null ? '' : s[7]);
        if (s[7] !== null) c.title = s[8] + ' rows, ' + s[9] + ' ms';
      }
      cell(tr, null, str(s[6]), 'pre');
      frag.appendChild(tr);
    });
    body.appendChild(frag);
  }

  function fillWhy(details) {
    var body = details.querySelector('tbody');
    var frag = doc.createDocumentFragment();
    model().why.forEach(function (w) {
      var tr = el('tr');
      cell(tr, null, str(w[0]));
      cell(tr, null, svcName(w[1]));
      var td = cell(tr, null, w[2] >= 0 ? str(w[2]) : (w[3].length ? '' : '\u2013'));
      for (var k = 0; k < w[3].length; k += 4) {
        if (k) td.appendChild(el('br'));
        td.appendChild(doc.createTextNode((w[3][k + 1] ? 'table ' : '') + str(w[3][k]) + ' '));
        td.appendChild(el('span', 'muted', w[3][k + 2] + ': ' + str(w[3][k + 3])));
      }
      frag.appendChild(tr);
    });
    body.appendChild(frag);
  }

  /* A SQL block with a button that copies it; the text is also selected,
   * for browsers that refuse the clipboard to a file:// page. */
  function sqlBlock(text) {
    var pre = el('pre', 'sql'), code = el('span', null, text);
    var button = el('button', 'copy', 'Copy');
    button.type = 'button';
    button.addEventListener('click', function () {
      var range = doc.createRange(), sel = window.getSelection();
      range.selectNodeContents(code);
      sel.removeAllRanges();
      sel.addRange(range);
      if (navigator.clipboard && navigator.clipboard.writeText)
        navigator.clipboard.writeText(text).then(function () { button.textContent = 'Copied'; },
          function () {});
    });
    pre.appendChild(button);
    pre.appendChild(code);
    return pre;
  }

  function fillStep(details) {
    var s = model().plan[+details.getAttribute('data-step')];
    if (!s) return;
    if (s[0] >= 0) details.appendChild(el('p', null, str(s[0])));
    if (s[1] >= 0) details.appendChild(sqlBlock(str(s[1])));
    else if (s[2] >= 0) details.appendChild(el('p', 'note', str(s[2])));
    if (s[3].length) {
      details.appendChild(el('div', 'label', 'Code to change (' + s[3].length / 3 + ')'));
      var ul = el('ul', 'sites');
      for (var k = 0; k < s[3].length; k += 3) {
        var li = el('li');
        li.appendChild(el('code', null, file(s[3][k]) + ':' + s[3][k + 1]));
        if (s[3][k + 2] >= 0) {
          li.appendChild(doc.createTextNode(' '));
          li.appendChild(el('code', null, fn(s[3][k + 2])));
        }
        ul.appendChild(li);
      }
      details.appendChild(ul);
    }
  }

  /* Rows are built once, the first time a listing opens. */
  function fill(details) {
    if (details.getAttribute('data-filled')) return;
    details.setAttribute('data-filled', '1');
    if (details.hasAttribute('data-sql')) fillSql(details);
    else if (details.hasAttribute('data-why')) fillWhy(details);
    else if (details.hasAttribute('data-step')) fillStep(details);
    var table = details.querySelector('table');
    if (table) addFilter(table);
  }

  Array.prototype.forEach.call(doc.querySelectorAll('details.lazy'), function (d) {
    d.addEventListener('toggle', function () { if (d.open) fill(d); });
  });

  /* Sorting: a click on a header sorts by that column, again reverses;
   * numbers compare as numbers. */
  function sortBy(table, col) {
    var body = table.tBodies[0];
    var dir = table.getAttribute('data-col') === String(col) &&
      table.getAttribute('data-dir') === 'up' ? -1 : 1;
    table.setAttribute('data-col', col);
    table.setAttribute('data-dir', dir > 0 ? 'up' : 'down');
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[col] ? a.cells[col].textContent : '';
      var y = b.cells[col] ? b.cells[col].textContent : '';
      var nx = parseFloat(x), ny = parseFloat(y);
      if (!isNaN(nx) && !isNaN(ny) && String(nx) === x.trim() && String(ny) === y.trim())
        return (nx - ny) * dir;
      return x.localeCompare(y) * dir;
    });
    rows.forEach(function (r) { body.appendChild(r); });
  }

  function addFilter(table) {
    if (table.getAttribute('data-filter')) return;
    table.setAttribute('data-filter', '1');
    var input = el('input', 'filter');
    input.type = 'search';
    input.placeholder = 'Filter rows';
    input.setAttribute('aria-label', 'Filter rows');
    input.addEventListener('input', function () {
      var q = input.value.toLowerCase();
      Array.prototype.forEach.call(table.tBodies[0].rows, function (r) {
        r.hidden = q !== '' && r.textContent.toLowerCase().indexOf(q) < 0;
      });
    });
    var at = table.parentNode.className === 'scroll' ? table.parentNode : table;
    at.parentNode.insertBefore(input, at);
  }

  Array.prototype.forEach.call(doc.querySelectorAll('main table'), function (t) {
    if (!t.tHead || !t.tBodies.length || t.className.indexOf('dsm') >= 0) return;
    Array.prototype.forEach.call(t.tHead.rows[0].cells, function (th, i) {
      th.className += ' sort';
      th.title = 'Sort';
      th.addEventListener('click', function () { sortBy(t, i); });
    });
    if (!t.closest('details.lazy') && t.tBodies[0].rows.length > 10) addFilter(t);
  });

  /* The module matrix on a canvas: a pixel (or more, for few modules) per
   * module, services as tinted squares on the diagonal, a mark per pair of
   * modules with calls, grey inside a service and red across. */
  function drawModules(canvas) {
    var m = model(), mo = m.mo || [], n = mo.length;
    if (!n) return;
    var px = Math.max(1, Math.min(12, Math.floor(720 / n))), size = n * px;
    canvas.width = size;
    canvas.height = size;
    var ctx = canvas.getContext('2d'), svc = [], at = {}, marks = 0;
    mo.forEach(function (mod, p) { svc[p] = m.why[mod][1]; });
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, size, size);
    for (var p = 0; p < n;) {
      var q = p;
      while (q < n && svc[q] === svc[p]) q++;
      ctx.globalAlpha = 0.15;
      ctx.fillStyle = svc[p] >= 0 ? m.services[svc[p]][2] : '#9ca3af';
      ctx.fillRect(p * px, p * px, (q - p) * px, (q - p) * px);
      ctx.globalAlpha = 1;
      p = q;
    }
    (m.mm || []).forEach(function (r) {
      for (var k = 1, col = 0; k < r.length; k += 2) {
        col += r[k];
        at[r[0] * n + col] = r[k + 1];
        ctx.fillStyle = svc[r[0]] === svc[col] ? '#374151' : '#b42318';
        ctx.fillRect(col * px, r[0] * px, px, px);
        marks++;
      }
    });
    canvas.setAttribute('data-marks', marks);
    canvas.addEventListener('mousemove', function (e) {
      var box = canvas.getBoundingClientRect();
      var col = Math.floor((e.clientX - box.left) / box.width * n);
      var row = Math.floor((e.clientY - box.top) / box.height * n);
      if (row < 0 || col < 0 || row >= n || col >= n) return;
      var calls = at[row * n + col];
      canvas.title = str(m.why[mo[row]][0]) + ' \u2192 ' + str(m.why[mo[col]][0]) +
        (calls ? ': ' + calls + ' calls' : '');
    });
  }
  /* Drawing needs the embedded data parsed (two megabytes at 2,000 files),
   * so it waits until the canvas scrolls into view; a 'draw' event on the
   * canvas draws it at once. */
  var mmCanvas = doc.getElementById('seam-mm');
  if (mmCanvas && mmCanvas.getContext) {
    var drawn = false;
    mmCanvas.addEventListener('draw', function () {
      if (!drawn) drawModules(mmCanvas);
      drawn = true;
    });
    if (window.IntersectionObserver) {
      new IntersectionObserver(function (seen, observer) {
        if (!seen.some(function (e) { return e.isIntersecting; })) return;
        observer.disconnect();
        mmCanvas.dispatchEvent(new Event('draw'));
      }).observe(mmCanvas);
    } else {
      mmCanvas.dispatchEvent(new Event('draw'));
    }
  }

  /* Search: services, modules, tables and functions whose name holds the
   * query; each hit links to where the page shows it. */
  var q = doc.getElementById('seam-q'), hits = doc.getElementById('seam-hits');
  var index = null;
  function buildIndex() {
    var m = model(), v = [];
    m.services.forEach(function (s, i) {
      v.push([s[0], s[1] ? 'shared library' : 'service', '', '#svc-' + i]);
    });
    m.tables.forEach(function (t) {
      v.push([t[0], 'table', t[1] >= 0 ? 'owned by ' + svcName(t[1]) : 'no owner',
        t[1] >= 0 ? '#svc-' + t[1] : '#coverage']);
    });
    (m.why || []).forEach(function (w) {
      v.push([str(w[0]), 'module', svcName(w[1]), '#why']);
    });
    m.fns.forEach(function (f) {
      var s = f[1] >= 0 ? m.fsvc[f[1]] : -1;
      v.push([f[0], 'function', file(f[1]) + ' \u00b7 ' + svcName(s),
        s >= 0 ? '#svc-' + s : '#services']);
    });
    return v;
  }
  function search() {
    var text = q.value.trim().toLowerCase();
    hits.textContent = '';
    hits.hidden = text.length < 2;
    if (hits.hidden) return;
    index = index || buildIndex();
    var n = 0;
    for (var i = 0; i < index.length && n < 60; i++) {
      if (index[i][0].toLowerCase().indexOf(text) < 0) continue;
      n++;
      var li = el('li'), a = el('a');
      a.href = index[i][3];
      a.appendChild(el('span', 'kind', index[i][1]));
      a.appendChild(el('b', null, index[i][0]));
      if (index[i][2]) a.appendChild(el('span', 'where', index[i][2]));
      if (index[i][3] === '#why')
        a.addEventListener('click', function () {
          var d = doc.querySelector('details[data-why]');
          if (d) d.open = true;
        });
      li.appendChild(a);
      hits.appendChild(li);
    }
    if (n === 0) hits.appendChild(el('li', 'none', 'Nothing matches.'));
  }
  if (q && hits) {
    q.hidden = false;
    q.addEventListener('input', search);
    q.addEventListener('keydown', function (e) {
      if (e.key === 'Escape') { q.value = ''; search(); }
    });
  }
  doc.documentElement.setAttribute('data-ready', '1');
})();
