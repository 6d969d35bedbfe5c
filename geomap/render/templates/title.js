/* geomap title box: the map's title and the date of the state shown. */
(function () {
  'use strict';
  var G = window.GeomapApp;
  G.plugins.title = function (app, options) {
    var Ctl = L.Control.extend({
      options: { position: options.position || 'topleft' },
      onAdd: function () {
        var box = G.el('div', 'geomap-box geomap-title');
        if (app.data.title) box.appendChild(G.el('h1', null, app.data.title));
        var asof = G.el('div', 'geomap-asof');
        box.appendChild(asof);
        var hint = G.el('div', 'geomap-hint');
        hint.setAttribute('role', 'status');
        box.appendChild(hint);
        app.onLabels(function (n) {
          hint.textContent = n ? n + (n === 1 ? ' label' : ' labels') + ' hidden at this zoom (zoom in to see ' + (n === 1 ? 'it' : 'them') + ')' : '';
        });
        var D = app.data;
        if (!D.places.name.length && !D.routes.length && !D.objectives.length) {
          var ni = D.n_inputs || 0, ne = D.n_events || 0;
          var empty = G.el('div', 'geomap-box geomap-empty', 'Nothing to map: ' + ne + (ne === 1 ? ' event' : ' events') +
            ' from ' + ni + (ni === 1 ? ' input' : ' inputs') + ' \u2014 see the run report');
          empty.setAttribute('role', 'status');
          app.map.getContainer().appendChild(empty);
        }
        app.onDate(function (i) {
          asof.textContent = '';
          if (!app.dates.length) { asof.textContent = 'No dated control changes'; return; }
          asof.appendChild(document.createTextNode('Control as of '));
          asof.appendChild(G.el('b', null, app.dateLabel(i)));
          var n = app.data.places.name.length;
          asof.appendChild(document.createTextNode(' \u00b7 ' + n + (n === 1 ? ' place' : ' places')));
        });
        L.DomEvent.disableClickPropagation(box);
        return box;
      }
    });
    new Ctl().addTo(app.map);
    var attrib = L.control.attribution({ prefix: false, position: 'bottomright' });
    attrib.addTo(app.map);
    /* tile layers added before this control: show their providers' attribution too */
    app.map.attributionControl = attrib;
    app.map.eachLayer(function (layer) {
      if (layer.getAttribution && layer.getAttribution()) attrib.addAttribution(layer.getAttribution());
    });
    /* Leaflet inserts attributions as HTML: pass escaped text only. */
    var text = String(app.data.attribution || '');
    attrib.addAttribution(text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'));
  };
})();
