/* geomap time slider: scrub or play through the dates of control changes. */
(function () {
  'use strict';
  var G = window.GeomapApp;
  G.plugins.timeslider = function (app, options) {
    var dates = app.dates;
    if (!dates.length) return;
    var Ctl = L.Control.extend({
      options: { position: options.position || 'bottomleft' },
      onAdd: function () {
        var box = G.el('div', 'geomap-box geomap-slider');
        var prev = G.el('button', null, '\u2039'), play = G.el('button', null, '\u25b6'), next = G.el('button', null, '\u203a');
        prev.type = play.type = next.type = 'button';
        prev.title = 'previous date'; play.title = 'play'; next.title = 'next date';
        var range = G.el('input');
        range.type = 'range'; range.min = '-1'; range.max = String(dates.length - 1); range.step = '1';
        range.value = String(app.dateIndex);
        range.setAttribute('aria-label', 'date shown');
        range.className = 'geomap-range';
        var label = G.el('span', 'geomap-date', app.dateLabel());
        var count = G.el('span', 'geomap-count', '');
        box.appendChild(prev); box.appendChild(play); box.appendChild(next);
        box.appendChild(range); box.appendChild(label); box.appendChild(count);
        
        var timer = null;
        function stop() { if (timer) { window.clearInterval(timer); timer = null; play.textContent = '\u25b6'; play.title = 'play'; } }
        function go(i) { app.setDate(Math.max(-1, Math.min(dates.length - 1, i))); }
        range.addEventListener('input', function () { stop(); go(+range.value); });
        prev.addEventListener('click', function () { stop(); go(app.dateIndex - 1); });
        next.addEventListener('click', function () { stop(); go(app.dateIndex + 1); });
        play.addEventListener('click', function () {
          if (timer) { stop(); return; }
          if (app.dateIndex >= dates.length - 1) go(-1);
          play.textContent = '\u275a\u275a'; play.title = 'pause';
          timer = window.setInterval(function () {
            if (app.dateIndex >= dates.length - 1) { stop(); return; }
            go(app.dateIndex + 1);
          }, options.interval || 900);
        });
        app.onDate(function (i) {
          range.value = String(i);
          label.textContent = app.dateLabel(i);
          var E = app.data.events, n = 0;
          for (var e = 0; e < E.date.length; e++) if (E.date[e] === i && E.status[e] !== 3) n++;
          count.textContent = n ? n + (n === 1 ? ' change' : ' changes') : '';
        });
        L.DomEvent.disableClickPropagation(box);
        L.DomEvent.disableScrollPropagation(box);
        return box;
      }
    });
    new Ctl().addTo(app.map);
  };
})();
