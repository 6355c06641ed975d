// The tfmap report's viewer. Every name here comes from untrusted code, so text is only
// ever written with textContent (never innerHTML) and elements are built one by one.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('tfmap-data').textContent);
  var nodes = data.nodes;
  // Fields a node leaves out when empty, and the comparison's shared texts by index.
  nodes.forEach(function (n) {
    n.attributes = n.attributes || [];
    n.containers = n.containers || [];
  });
  function text(x) { return typeof x === 'number' ? data.texts[x] : x; }
  var levels = data.levels;

  function $(id) { return document.getElementById(id); }
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function clear(e) { while (e.firstChild) e.removeChild(e.firstChild); return e; }
  function place(file, line) { return file ? (line ? file + ':' + line : file) : ''; }

  // Edges in and out of each node, and each node's summary in each level.
  var edgesOut = nodes.map(function () { return []; });
  var edgesIn = nodes.map(function () { return []; });
  data.edges.forEach(function (e) { edgesOut[e[0]].push(e); edgesIn[e[1]].push(e); });
  var summaryOf = levels.map(function (level) {
    var of = {};
    level.summaries.forEach(function (s, i) { s.members.forEach(function (m) { of[m] = i; }); });
    return of;
  });

  // ---- the diagram: levels, pan and zoom, toggles ----
  var current = -1, svg = null, scale = 1, tx = 0, ty = 0, selected = null;
  var viewport = $('viewport'), canvas = $('canvas');

  function transform() {
    canvas.style.transform = 'translate(' + tx + 'px,' + ty + 'px) scale(' + scale + ')';
  }
  function fit() {
    if (!svg) return;
    var w = svg.width.baseVal.value || 1, h = svg.height.baseVal.value || 1;
    var vw = viewport.clientWidth, vh = viewport.clientHeight;
    scale = Math.min(vw / w, vh / h, 1.5);
    tx = (vw - w * scale) / 2;
    ty = Math.max(0, (vh - h * scale) / 2);
    transform();
  }
  function showLevel(index) {
    current = index;
    var template = $('level-' + levels[index].name);
    clear(canvas).appendChild(document.importNode(template.content, true));
    svg = canvas.querySelector('svg');
    Array.prototype.forEach.call($('levels').children, function (b, i) {
      b.classList.toggle('active', i === index);
    });
    applyToggles();
    fit();
    if (selected) highlight(selected, true);
  }
  levels.forEach(function (level, i) {
    var b = el('button', '', level.name);
    b.addEventListener('click', function () { showLevel(i); });
    $('levels').appendChild(b);
  });

  viewport.addEventListener('wheel', function (event) {
    event.preventDefault();
    var r = viewport.getBoundingClientRect();
    var x = event.clientX - r.left, y = event.clientY - r.top;
    var factor = Math.exp(-event.deltaY * 0.0015);
    var next = Math.min(Math.max(scale * factor, 0.02), 8);
    tx = x - (x - tx) * next / scale;
    ty = y - (y - ty) * next / scale;
    scale = next;
    transform();
  }, { passive: false });
  var drag = null;
  viewport.addEventListener('mousedown', function (event) {
    drag = { x: event.clientX, y: event.clientY, tx: tx, ty: ty, moved: false };
    viewport.classList.add('dragging');
  });
  window.addEventListener('mousemove', function (event) {
    if (!drag) return;
    var dx = event.clientX - drag.x, dy = event.clientY - drag.y;
    if (Math.abs(dx) + Math.abs(dy) > 3) drag.moved = true;
    tx = drag.tx + dx; ty = drag.ty + dy;
    transform();
  });
  window.addEventListener('mouseup', function () {
    viewport.classList.remove('dragging');
    setTimeout(function () { drag = null; }, 0);
  });
  viewport.addEventListener('click', function (event) {
    if (drag && drag.moved) return;
    var g = event.target.closest ? event.target.closest('g.node') : null;
    if (!g) return;
    var key = g.id.slice(levels[current].name.length + 1);
    select({ kind: key[0], index: Number(key.slice(1)) });
  });

  function toggles() {
    return { implicit: $('show-implicit').checked, raw: $('show-raw').checked, data: $('show-data').checked };
  }
  function nodeHidden(i, t) {
    var n = nodes[i];
    return (!t.implicit && n.implicit) || (!t.data && n.mode === 'data');
  }
  function keyHidden(key, t) {
    var index = Number(key.slice(1));
    if (key[0] === 'n') return nodeHidden(index, t);
    return levels[current].summaries[index].members.every(function (m) { return nodeHidden(m, t); });
  }
  function applyToggles() {
    if (!svg) return;
    var t = toggles(), level = levels[current], prefix = level.name + '-';
    Array.prototype.forEach.call(svg.querySelectorAll('g.node'), function (g) {
      g.classList.toggle('hidden', keyHidden(g.id.slice(prefix.length), t));
    });
    Array.prototype.forEach.call(svg.querySelectorAll('g.edge'), function (g) {
      var e = level.edges[Number(g.id.slice(prefix.length + 1))];
      if (!e) return;
      g.classList.toggle('hidden', (e[4] && !t.raw) || keyHidden(e[0], t) || keyHidden(e[1], t));
    });
  }
  ['show-implicit', 'show-raw', 'show-data'].forEach(function (id) {
    $(id).addEventListener('change', applyToggles);
  });

  // ---- selection and the details panel ----
  function drawnKey(target) {
    if (target.kind === 's') return 's' + target.index;
    var s = summaryOf[current][target.index];
    return s === undefined ? 'n' + target.index : 's' + s;
  }
  function highlight(target, center) {
    if (!svg) return;
    Array.prototype.forEach.call(svg.querySelectorAll('g.selected'), function (g) { g.classList.remove('selected'); });
    var g = document.getElementById(levels[current].name + '-' + drawnKey(target));
    if (!g) return;
    g.classList.add('selected');
    if (center) {
      // Zoom in enough to read, then move the node's on-screen centre to the viewport's.
      scale = Math.max(scale, 0.8);
      transform();
      var r = g.getBoundingClientRect(), v = viewport.getBoundingClientRect();
      tx += (v.left + v.width / 2) - (r.left + r.width / 2);
      ty += (v.top + v.height / 2) - (r.top + r.height / 2);
      transform();
    }
  }
  function select(target) {
    selected = target;
    showTab('details');
    if (target.kind === 's') summaryDetails(levels[current].summaries[target.index]);
    else nodeDetails(target.index);
    highlight(target, false);
  }
  function nodeLink(i) {
    var b = el('button', 'link', nodes[i].id);
    b.addEventListener('click', function () { select({ kind: 'n', index: i }); highlight(selected, true); });
    return b;
  }
  function row(dl, term, value) {
    if (value === null || value === undefined || value === '') return;
    dl.appendChild(el('dt', '', term));
    var dd = el('dd');
    if (value instanceof Node) dd.appendChild(value); else dd.textContent = String(value);
    dl.appendChild(dd);
  }
  function valueCell(text, unknown) { return el('td', unknown ? 'unknown' : '', text); }
  function nodeDetails(i) {
    var n = nodes[i], box = clear($('details'));
    box.appendChild(el('h2', '', n.id));
    var dl = el('dl');
    row(dl, 'file', place(n.file, n.line));
    row(dl, 'type', n.type);
    row(dl, 'name', n.name);
    row(dl, 'role', n.role);
    row(dl, 'platform', n.platform);
    row(dl, 'cluster', n.cluster);
    row(dl, 'kind', n.kind);
    row(dl, 'namespace', n.namespace);
    row(dl, 'root', n.root);
    row(dl, 'module', n.module);
    row(dl, 'mode', n.mode);
    box.appendChild(dl);
    if (n.implicit) {
      box.appendChild(el('h3', '', 'Implicit: created without a declaration'));
      var il = el('dl');
      row(il, 'created by', n.implicit.created_by);
      if (n.implicit.cause !== null && n.implicit.cause !== undefined) row(il, 'cause', nodeLink(n.implicit.cause));
      row(il, 'lifecycle', n.implicit.lifecycle);
      row(il, 'reason', n.implicit.reason);
      row(il, 'knowledge row', n.implicit.knowledge);
      box.appendChild(il);
    }
    if (n.containers.length) {
      box.appendChild(el('h3', '', 'Containers'));
      var ct = el('table');
      n.containers.forEach(function (c) {
        var tr = el('tr');
        tr.appendChild(el('td', '', c[0]));
        tr.appendChild(valueCell(c[1] === null ? '' : c[1], c[2]));
        ct.appendChild(tr);
      });
      box.appendChild(ct);
    }
    box.appendChild(el('h3', '', 'Attributes'));
    if (!n.attributes.length) box.appendChild(el('p', 'hint', 'none recorded'));
    var at = el('table');
    n.attributes.forEach(function (a) {
      var tr = el('tr');
      tr.appendChild(el('td', '', a[0]));
      tr.appendChild(valueCell(a[1], a[2]));
      at.appendChild(tr);
    });
    box.appendChild(at);
    edgeTable(box, 'Edges out', edgesOut[i], 1);
    edgeTable(box, 'Edges in', edgesIn[i], 0);
  }
  function edgeTable(box, title, edges, end) {
    box.appendChild(el('h3', '', title + ' (' + edges.length + ')'));
    if (!edges.length) return;
    var t = el('table', 'edges'), head = el('tr');
    ['kind', end ? 'to' : 'from', 'via'].forEach(function (h) { head.appendChild(el('th', '', h)); });
    t.appendChild(head);
    edges.forEach(function (e) {
      var tr = el('tr');
      tr.appendChild(el('td', '', e[2]));
      var td = el('td');
      td.appendChild(nodeLink(e[end]));
      tr.appendChild(td);
      tr.appendChild(el('td', '', e[3] === null ? '' : e[3]));
      t.appendChild(tr);
    });
    box.appendChild(t);
  }
  function summaryDetails(s) {
    var box = clear($('details'));
    box.appendChild(el('h2', '', s.title));
    box.appendChild(el('p', 'hint', s.members.length + ' nodes drawn as one box at this level; pick a finer level to see them.'));
    var types = el('table');
    s.types.forEach(function (t) {
      var tr = el('tr');
      tr.appendChild(el('td', '', t[0]));
      tr.appendChild(el('td', '', t[1]));
      types.appendChild(tr);
    });
    box.appendChild(types);
    box.appendChild(el('h3', '', 'Members'));
    var list = el('ul');
    s.members.forEach(function (m) { var li = el('li'); li.appendChild(nodeLink(m)); list.appendChild(li); });
    box.appendChild(list);
  }

  // ---- search ----
  var haystacks = nodes.map(function (n) {
    var parts = [n.id, n.type, n.name, n.file || '', n.kind || ''];
    n.containers.forEach(function (c) { if (c[1]) parts.push(c[1]); });
    n.attributes.forEach(function (a) { if (/image/.test(a[0])) parts.push(a[1]); });
    return parts.join('\n').toLowerCase();
  });
  var results = $('results');
  $('search').addEventListener('input', function () {
    var query = this.value.trim().toLowerCase();
    clear(results);
    results.hidden = !query;
    if (!query) return;
    var found = 0;
    for (var i = 0; i < nodes.length && found < 50; i++) {
      if (haystacks[i].indexOf(query) < 0) continue;
      found++;
      var li = el('li'), b = el('button');
      b.appendChild(el('span', '', nodes[i].id));
      b.appendChild(el('span', 'sub', nodes[i].type + ' · ' + place(nodes[i].file, nodes[i].line)));
      b.addEventListener('click', (function (index) {
        return function () { results.hidden = true; select({ kind: 'n', index: index }); highlight(selected, true); };
      })(i));
      li.appendChild(b);
      results.appendChild(li);
    }
    if (!found) results.appendChild(el('li', 'hint', 'no match'));
  });

  // ---- tabs: findings, comparison, diagnostics ----
  function showTab(name) {
    Array.prototype.forEach.call($('tabs').children, function (b) {
      b.classList.toggle('active', b.getAttribute('data-tab') === name);
      $(b.getAttribute('data-tab')).hidden = b.getAttribute('data-tab') !== name;
    });
  }
  Array.prototype.forEach.call($('tabs').children, function (b) {
    b.addEventListener('click', function () { showTab(b.getAttribute('data-tab')); });
  });
  function table(box, headers, rows) {
    var t = el('table'), head = el('tr');
    headers.forEach(function (h) { head.appendChild(el('th', '', h)); });
    t.appendChild(head);
    rows.forEach(function (cells) {
      var tr = el('tr');
      cells.forEach(function (c) {
        var td = el('td');
        if (c instanceof Node) td.appendChild(c);
        else td.textContent = c === null || c === undefined ? '' : typeof c === 'object' ? JSON.stringify(c) : String(c);
        tr.appendChild(td);
      });
      t.appendChild(tr);
    });
    box.appendChild(t);
  }
  var indexOf = {};
  nodes.forEach(function (n, i) { indexOf[n.id] = i; });
  function asNode(x) { return x instanceof Node ? x : document.createTextNode(String(x)); }
  function subjectCell(id) {
    if (typeof id === 'number') return nodeLink(id);
    return Object.prototype.hasOwnProperty.call(indexOf, id) ? nodeLink(indexOf[id]) : id;
  }
  function ruleDoc(id) {
    var rule = data.rules[id], box = clear($('details'));
    showTab('details');
    box.appendChild(el('h2', '', id + (rule ? ' ' + rule.name : '')));
    if (rule) box.appendChild(el('pre', 'doc', rule.page));
  }
  (function findings() {
    var box = $('findings');
    $('tabs').children[1].textContent = 'Findings (' + data.findings.length + ')';
    if (!data.findings.length) { box.appendChild(el('p', 'hint', 'No findings.')); return; }
    table(box, ['rule', 'severity', 'subject', 'message', 'file'], data.findings.map(function (f) {
      var rule = el('button', 'link', f.rule);
      rule.title = 'Show the rule\'s documentation';
      rule.addEventListener('click', function () { ruleDoc(f.rule); });
      return [rule, el('span', 'severity-' + f.severity, f.severity), subjectCell(f.subject), f.message, place(f.file, f.line)];
    }));
  })();
  (function comparison() {
    var box = $('comparison'), c = data.comparison || {};
    function cell(v) {
      if (!v) return '';
      if (v.equivalent !== undefined) return text(v.equivalent);
      var span = el('span');
      v.resources.forEach(function (r, i) {
        if (i) span.appendChild(el('br'));
        span.appendChild(asNode(subjectCell(r.id)));
        if (r.detail) span.appendChild(document.createTextNode(' ' + text(r.detail)));
        if (r.implicit) span.appendChild(document.createTextNode(' (implicit)'));
      });
      return span;
    }
    (c.workloads || []).forEach(function (w) {
      var title = el('h3');
      title.appendChild(asNode(subjectCell(w.workload)));
      title.appendChild(document.createTextNode(' (' + w.kind + ', ' + w.platform + ')'));
      box.appendChild(title);
      table(box, ['concept', 'ECS', 'GKE', 'EKS'], w.rows.map(function (r) {
        return [text(r.concept), cell(r.ecs), cell(r.gke), cell(r.eks)];
      }));
    });
    (c.containers || []).forEach(function (m) {
      var title = el('h3', '', 'Container ' + m.container + ' of ');
      title.appendChild(asNode(subjectCell(m.owner)));
      title.appendChild(document.createTextNode(' (' + m.direction + ')'));
      box.appendChild(title);
      table(box, ['from', 'to', 'fit', 'value', 'note'], m.fields.map(function (f) {
        return [text(f.from), text(f.to), text(f.fit), f.value, text(f.note)];
      }));
    });
    if (!box.firstChild) box.appendChild(el('p', 'hint', 'No workloads to compare.'));
  })();
  (function diagnostics() {
    var box = $('diagnostics');
    $('tabs').children[3].textContent = 'Diagnostics (' + data.diagnostics.length + ')';
    if (!data.diagnostics.length) { box.appendChild(el('p', 'hint', 'No diagnostics.')); return; }
    table(box, ['severity', 'file', 'message'], data.diagnostics.map(function (d) {
      return [el('span', 'severity-' + d.severity, d.severity), place(d.file, d.line), d.message];
    }));
  })();

  $('roots').textContent = data.roots.join(', ');
  $('roots').title = data.roots.join('\n');
  window.addEventListener('resize', fit);
  showLevel(data.default_level);
})();
