/* geomap side panel: names that could not be placed on the map, with the reason. */
(function () {
  'use strict';
  var G = window.GeomapApp;
  G.plugins.panel = function (app, options) {
    var rows = app.data.unresolved, total = app.data.n_unresolved;
    if (!total) return;
    var Ctl = L.Control.extend({
      options: { position: options.position || 'topleft' },
      onAdd: function () {
        var box = G.el('div', 'geomap-box geomap-panel');
        var det = G.el('details');
        det.appendChild(G.el('summary', null, 'Not on the map: ' + total + (total === 1 ? ' name' : ' names')));
        var ul = G.el('ul');
        for (var i = 0; i < rows.length; i++) {
          var r = rows[i], li = G.el('li');
          li.appendChild(G.el('b', null, r[0] || '(empty)'));
          if (r[1]) li.appendChild(G.el('div', 'why', r[1]));
          if (r[2]) li.appendChild(G.el('div', 'why', 'source: ' + r[2]));
          if (r[3]) li.title = r[3];
          ul.appendChild(li);
        }
        if (total > rows.length) ul.appendChild(G.el('li', 'why', '\u2026 and ' + (total - rows.length) + ' more (see the run report)'));
        det.appendChild(ul);
        box.appendChild(det);
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    new Ctl().addTo(app.map);
  };
})();
