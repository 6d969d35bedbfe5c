/* geomap legend: actor colours, place symbols, confirmed vs claimed, precision, layers. */
(function () {
  'use strict';
  var G = window.GeomapApp;

  function icon(draw) {
    var c = document.createElement('canvas'), ratio = window.devicePixelRatio || 1;
    c.width = 26 * ratio; c.height = 18 * ratio; c.style.width = '26px'; c.style.height = '18px';
    var ctx = c.getContext('2d');
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    draw(ctx);
    return c;
  }

  function row(parent, canvas, text) {
    var r = G.el('div', 'row');
    r.appendChild(canvas); r.appendChild(G.el('span', null, text));
    parent.appendChild(r);
    return r;
  }

  /* A section that folds: closed by default, its heading opens it (keeps the legend short). */
  function fold(parent, title) {
    var d = G.el('details', 'fold');
    d.appendChild(G.el('summary', null, title));
    parent.appendChild(d);
    return d;
  }

  G.plugins.legend = function (app, options) {
    var D = app.data;
    var Ctl = L.Control.extend({
      options: { position: options.position || 'bottomright' },
      onAdd: function () {
        var outer = G.el('div', 'geomap-box geomap-legend'), box = G.el('details');
        var size = app.map.getSize();
        box.open = size.x >= 900 && size.y >= 600;
        box.appendChild(G.el('summary', null, 'Legend'));
        outer.appendChild(box);
        box.appendChild(G.el('h2', null, 'Who holds the place'));
        var used = {};
        D.places.st.forEach(function (t) { for (var k = 0; k < t.length; k += 4) if (t[k + 1] >= 0) used[t[k + 1]] = 1; });
        D.events.actor.forEach(function (a) { if (a >= 0) used[a] = 1; });
        D.routes.forEach(function (r) { if (r[0] >= 0) used[r[0]] = 1; });
        D.objectives.forEach(function (r) { if (r[0] >= 0) used[r[0]] = 1; });
        /* a side named only as a previous holder can still have territory drawn */
        D.zones.forEach(function (z) {
          z[1].forEach(function (r) { if (r[0] >= 0 && D.actors[r[0]][0] !== 'contested') used[r[0]] = 1; });
        });
        D.actors.forEach(function (a, i) {
          if (!used[i]) return;
          /* "name (CODE)", unless the name already says the code ("Congolese army (FARDC)") */
          var label = !a[0] ? a[1] : a[1] && a[1] !== a[0] && a[1].indexOf('(' + a[0] + ')') < 0
            ? a[1] + ' (' + a[0] + ')' : a[1] || a[0];
          var r = row(box, icon(function (ctx) { G.drawMarker(ctx, 0, 13, 9, 6, a[2], 0, false); }), label);
          r.setAttribute('data-actor', a[0]);
        });
        row(box, icon(function (ctx) { G.drawMarker(ctx, 0, 13, 9, 6, '#5f5f5f', 2, false); }), 'contested');
        row(box, icon(function (ctx) { G.drawMarker(ctx, 0, 13, 9, 6, '#ffffff', -1, false); }), 'no control reported');

        var place = fold(box, 'Place');
        var syms = [[0, 'town or city'], [1, 'air base'], [2, 'airport'], [3, 'district or region']];
        var present = {};
        D.places.sym.forEach(function (s) { present[s] = 1; });
        syms.forEach(function (s) {
          if (!present[s[0]] && s[0] !== 0) return;
          row(place, icon(function (ctx) { G.drawMarker(ctx, s[0], 13, 9, 5.5, '#555555', 0, false); }), s[1]);
        });

        var sure = fold(box, 'How sure');
        var c = '#555555';
        row(sure, icon(function (ctx) { G.drawMarker(ctx, 0, 13, 9, 6, c, 0, false); }), 'confirmed control');
        row(sure, icon(function (ctx) { G.drawMarker(ctx, 0, 13, 9, 6, c, 1, false); }), 'claimed, not confirmed');
        row(sure, icon(function (ctx) { G.drawMarker(ctx, 0, 13, 9, 4, c, 0, true); }), 'date approximate (on or before, month)');
        row(sure, icon(function (ctx) {
          ctx.beginPath(); ctx.arc(13, 9, 8, 0, 2 * Math.PI); ctx.fillStyle = 'rgba(85,85,85,0.15)'; ctx.fill();
          ctx.setLineDash([3, 3]); ctx.strokeStyle = 'rgba(60,60,60,0.5)'; ctx.stroke(); ctx.setLineDash([]);
          G.drawMarker(ctx, 3, 13, 9, 4, c, 0, false);
        }), 'location approximate (district)');
        row(sure, icon(function (ctx) {
          ctx.beginPath(); ctx.arc(13, 9, 7.5, 0, 2 * Math.PI); ctx.lineWidth = 2.2; ctx.strokeStyle = c; ctx.stroke();
          ctx.beginPath(); ctx.arc(13, 9, 3, 0, 2 * Math.PI); ctx.fillStyle = c; ctx.fill();
        }), 'control changed on the date shown');

        if (D.zones.length || D.fronts.length || D.routes.length || D.objectives.length) {
          box.appendChild(G.el('h2', null, 'Areas and movements'));
        }
        if (D.zones.length) row(box, icon(function (ctx) {
          ctx.fillStyle = 'rgba(85,85,85,0.1)'; ctx.fillRect(3, 3, 7, 12);
          ctx.fillStyle = 'rgba(85,85,85,0.2)'; ctx.fillRect(10, 3, 7, 12);
          ctx.fillStyle = 'rgba(85,85,85,0.32)'; ctx.fillRect(17, 3, 7, 12);
        }), 'estimated territory (darker: surer)');
        var contested = D.zones.some(function (z) {
          return z[1].some(function (r) { return r[0] >= 0 && D.actors[r[0]][0] === 'contested'; });
        });
        if (contested) row(box, icon(function (ctx) {
          ctx.strokeStyle = 'rgba(70,70,70,0.75)'; ctx.lineWidth = 1.3; ctx.beginPath();
          for (var k = -12; k < 24; k += 6) { ctx.moveTo(3 + k, 15); ctx.lineTo(15 + k, 3); }
          ctx.save(); ctx.rect(3, 3, 21, 12); ctx.clip(); ctx.stroke(); ctx.restore();
        }), 'contested ground');
        if (D.fronts.length || D.zones.some(function (z) { return z[2] && z[2].length; })) row(box, icon(function (ctx) {
          ctx.beginPath(); ctx.moveTo(2, 14); ctx.lineTo(24, 6); ctx.lineWidth = 2.2;
          ctx.strokeStyle = '#8b1a1a'; ctx.stroke();
        }), 'front line (estimated)');
        if (D.routes.length) row(box, icon(function (ctx) {
          ctx.beginPath(); ctx.moveTo(2, 10); ctx.lineTo(22, 10); ctx.setLineDash([5, 3]); ctx.lineWidth = 2;
          ctx.strokeStyle = c; ctx.stroke(); ctx.setLineDash([]); G.arrowHead(ctx, 2, 10, 24, 10, 8, c);
        }), 'route or supply line');
        if (D.objectives.length) row(box, icon(function (ctx) {
          ctx.beginPath(); ctx.moveTo(2, 10); ctx.lineTo(18, 10); ctx.setLineDash([2, 3]); ctx.lineWidth = 2;
          ctx.strokeStyle = c; ctx.stroke(); ctx.setLineDash([]); G.arrowHead(ctx, 2, 10, 18, 10, 7, c);
          ctx.beginPath(); ctx.arc(21, 10, 3, 0, 2 * Math.PI); ctx.fillStyle = c; ctx.fill();
        }), 'stated objective');
        box.appendChild(G.el('div', 'note', 'From reports, not observation: click a symbol for the evidence.'));
        L.DomEvent.disableClickPropagation(outer);
        L.DomEvent.disableScrollPropagation(outer);
        return outer;
      }
    });
    new Ctl().addTo(app.map);
  };
})();
