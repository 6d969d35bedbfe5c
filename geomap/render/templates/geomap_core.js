/* geomap core: decode the payload, compute control at a date, draw canvas layers, popups.
 *
 * Every text from the inputs reaches the page through textContent (never innerHTML), and
 * links are made only for http(s) URLs. Points are drawn on one canvas per layer (no Leaflet
 * object per marker) so that maps of 100,000 events stay fast.
 */
(function () {
  'use strict';
  var G = window.GeomapApp = window.GeomapApp || {};
  G.plugins = G.plugins || {};
  G.pending = G.pending || [];

  /* ---------- small helpers ---------- */
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  G.el = el;

  function safeUrl(u) {
    if (typeof u !== 'string' || u.length > 2048 || /[\u0000-\u0020\u007f]/.test(u)) return null;
    var m = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/[^\/?#]+/.exec(u);
    if (!m) return null;
    var scheme = m[1].toLowerCase();
    return (scheme === 'http' || scheme === 'https') ? u : null;
  }
  G.safeUrl = safeUrl;

  function hexToRgba(hex, a) {
    var n = parseInt(hex.slice(1), 16);
    return 'rgba(' + ((n >> 16) & 255) + ',' + ((n >> 8) & 255) + ',' + (n & 255) + ',' + a + ')';
  }
  G.rgba = hexToRgba;

  var GREY = '#5f5f5f', UNKNOWN = '#ffffff', LAND = '#f4f1ea', SEA = '#d7e4ec',
      RIVER = '#8fb3cc';  /* a shade darker than the sea: a 1 px line of the sea's own blue vanishes on land */
  G.LAND = LAND; G.SEA = SEA;
  var RADIUS = 6.5;

  /* Normalised Web Mercator (0..1), the projection Leaflet uses at zoom 0 / 256. */
  function mercX(lon) { return 0.5 + lon / 360; }
  function mercY(lat) {
    var s = Math.sin(Math.max(Math.min(lat, 85.05), -85.05) * Math.PI / 180);
    return 0.5 - Math.log((1 + s) / (1 - s)) / (4 * Math.PI);
  }

  /* ---------- payload ---------- */
  G.decode = function (node) {
    var text = node.textContent;
    if (node.getAttribute('data-encoding') === 'gzip-base64') {
      var bin = atob(text.replace(/\s+/g, ''));
      var bytes = new Uint8Array(bin.length);
      for (var i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
      var stream = new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'));
      return new Response(stream).text().then(JSON.parse);
    }
    return Promise.resolve(JSON.parse(text));
  };

  /* ---------- the app ---------- */
  function App(map, data) {
    this.map = map;
    this.data = data;
    this.S = data.strs;
    this.dates = data.dates;
    this.listeners = [];
    this.labelListeners = [];
    this.hiddenLabels = 0;
    this.contextBoxes = [];
    this.layers = [];
    var P = data.places, n = P.name.length;
    this.mx = new Float64Array(n);
    this.my = new Float64Array(n);
    for (var i = 0; i < n; i++) { this.mx[i] = mercX(P.lon[i]); this.my[i] = mercY(P.lat[i]); }
    this.state = new Int32Array(n * 3); /* actor, status (-1 none), event */
    this.dateIndex = data.at;
    /* per place, its events in date order (undated first), for the popup's history */
    var E = data.events, m = E.place.length, idx = [];
    for (i = 0; i < m; i++) idx.push(i);
    idx.sort(function (x, y) { return E.place[x] - E.place[y] || E.date[x] - E.date[y] || x - y; });
    this.history = [];
    for (i = 0; i < n; i++) this.history.push([]);
    for (i = 0; i < m; i++) this.history[E.place[idx[i]]].push(idx[i]);
  }
  G.App = App;

  App.prototype.actor = function (a) { return a >= 0 ? this.data.actors[a] : null; };
  App.prototype.colour = function (a) { return a >= 0 ? this.data.actors[a][2] : GREY; };
  App.prototype.actorName = function (a) { return a >= 0 ? this.data.actors[a][1] : ''; };
  /* Is a the "holder not named" row (a change or route whose source names no actor)? */
  App.prototype.unnamed = function (a) { return a < 0 || this.data.actors[a][0] === ''; };
  /* "held by X" / "claimed by X" in words, never "held by " with nobody after it. */
  App.prototype.byWhom = function (verb, a) {
    return this.unnamed(a) ? verb + ' (holder not named)' : verb + ' by ' + this.actorName(a);
  };
  App.prototype.str = function (i) {
    if (!this.S) return i ? '(loading\u2026)' : '';
    return this.S[i] || '';
  };

  App.prototype.dateLabel = function (i) {
    if (i === undefined) i = this.dateIndex;
    if (i >= 0) return this.dates[i];
    return this.dates.length ? 'before ' + this.dates[0] : 'no dates';
  };

  /* Index of the last date on or before an ISO date (-1: before the first change). */
  App.prototype.indexOf = function (iso) {
    var idx = -1;
    for (var i = 0; i < this.dates.length; i++) if (this.dates[i] <= iso) idx = i;
    return idx;
  };

  App.prototype.setDateISO = function (iso) { this.setDate(this.indexOf(String(iso))); };

  /* Date of an event with its precision, in words. */
  App.prototype.when = function (e) {
    var E = this.data.events, d = E.date[e], p = this.data.precisions[E.prec[e]];
    if (d < 0) return 'date unknown';
    var iso = this.dates[d];
    if (p === 'before') return 'on or before ' + iso;
    if (p === 'week') return 'week of ' + iso;
    if (p === 'month') return 'in ' + iso.slice(0, 7);
    if (p === 'year') return 'in ' + iso.slice(0, 4);
    if (p === 'unknown') return 'date unknown (reported ' + iso + ')';
    return iso;
  };

  /* Controller of every place at date index di: fills this.state. The payload carries, per
     place, the runs of its state as Layers.control_at gives it (places.st: flat [date index,
     actor, state, event]; state -1 no control reported, 0 held, 1 claimed, 2 contested); this
     only looks up the run in force. */
  App.prototype.computeState = function (di) {
    var tl = this.data.places.st, st = this.state;
    for (var p = 0; p < tl.length; p++) {
      var t = tl[p], a = -1, s = -1, e = -1;
      for (var k = 0; k < t.length; k += 4) {
        var d = t[k];
        if (d > di) break;
        a = t[k + 1]; s = t[k + 2]; e = t[k + 3];
      }
      st[p * 3] = a; st[p * 3 + 1] = s; st[p * 3 + 2] = e;
    }
  };

  App.prototype.placeStatus = function (p) {
    return { actor: this.state[p * 3], status: this.state[p * 3 + 1], event: this.state[p * 3 + 2] };
  };

  /* Fill colour of place p now (also used by tests and the legend). */
  App.prototype.placeFill = function (p) {
    var s = this.placeStatus(p);
    if (s.status < 0) return UNKNOWN;
    if (s.status === 2) return GREY;
    return this.colour(s.actor);
  };

  App.prototype.placeIndex = function (name) {
    return this.data.places.name.indexOf(name);
  };

  App.prototype.setDate = function (i) {
    i = Math.max(-1, Math.min(this.dates.length - 1, i | 0));
    this.dateIndex = i;
    this.computeState(i);
    for (var k = 0; k < this.listeners.length; k++) this.listeners[k](i);
  };

  App.prototype.onDate = function (fn) { this.listeners.push(fn); };
  /* fn(n): n place labels left out at this zoom (they would cover others); the title says so */
  App.prototype.onLabels = function (fn) { this.labelListeners.push(fn); };
  App.prototype.noteHidden = function (n) {
    this.hiddenLabels = n;
    for (var i = 0; i < this.labelListeners.length; i++) this.labelListeners[i](n);
  };

  App.prototype.layer = function (name) {
    for (var i = 0; i < this.layers.length; i++) if (this.layers[i].name === name) return this.layers[i];
    return null;
  };

  /* The drawn pixel [r, g, b, a] of a canvas layer at a place's position (used by tests). */
  App.prototype.pixelAt = function (layerName, p) {
    var lyr = this.layer(layerName), P = this.data.places;
    if (!lyr || !lyr._canvas) return null;
    var pt = this.map.latLngToContainerPoint([P.lat[p], P.lon[p]]);
    var mr = this.map.getContainer().getBoundingClientRect(), c = lyr._canvas, r = c.getBoundingClientRect();
    /* a frame not laid out yet has a canvas of no size: nothing drawn to read (getImageData
       would throw) */
    if (!c.width || !c.height || !r.width || !r.height) return null;
    var k = c.width / r.width;
    var d = c.getContext('2d').getImageData(Math.round((mr.left + pt.x - r.left) * k),
      Math.round((mr.top + pt.y - r.top) * k), 1, 1).data;
    return [d[0], d[1], d[2], d[3]];
  };

  /* ---------- canvas layer: draws items in screen space, hit-tests clicks ---------- */
  var CanvasLayer = L.Layer.extend({
    initialize: function (app, name, draw, pane) {
      this.app = app; this.name = name; this._drawFn = draw; this._paneName = pane;
      this.hits = [];
    },
    onAdd: function (map) {
      this._canvas = L.DomUtil.create('canvas', 'geomap-canvas leaflet-zoom-hide');
      this._canvas.style.pointerEvents = 'none';
      map.getPane(this._paneName).appendChild(this._canvas);
      map.on('moveend zoomend resize viewreset', this.redraw, this);
      this.redraw();
    },
    onRemove: function (map) {
      map.off('moveend zoomend resize viewreset', this.redraw, this);
      L.DomUtil.remove(this._canvas);
      this.hits = [];
    },
    redraw: function () {
      if (!this._map || !this.app.started) return;
      var map = this._map, size = map.getSize(), pad = 0.25;
      var w = Math.round(size.x * (1 + 2 * pad)), h = Math.round(size.y * (1 + 2 * pad));
      var ratio = window.devicePixelRatio || 1;
      var c = this._canvas;
      if (c.width !== w * ratio || c.height !== h * ratio) {
        c.width = w * ratio; c.height = h * ratio;
        c.style.width = w + 'px'; c.style.height = h + 'px';
      }
      var topLeft = map.containerPointToLayerPoint([-size.x * pad, -size.y * pad]).round();
      L.DomUtil.setPosition(c, topLeft);
      var ctx = c.getContext('2d');
      ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
      ctx.clearRect(0, 0, w, h);
      var scale = 256 * Math.pow(2, map.getZoom());
      var origin = map.getPixelBounds().min;
      var ox = origin.x - size.x * pad, oy = origin.y - size.y * pad;
      /* view: global pixel coordinates of the canvas's top-left corner */
      var view = { ctx: ctx, scale: scale, ox: ox, oy: oy, w: w, h: h, zoom: map.getZoom() };
      this.hits = [];
      this._drawFn.call(this, view);
      this._view = view;
    },
    /* item under a global pixel point: the hit with the smallest distance */
    hitAt: function (gx, gy) {
      var best = null, bestD = Infinity, v = this._view;
      if (!v) return null;
      var x = gx - v.ox, y = gy - v.oy;
      for (var i = this.hits.length - 1; i >= 0; i--) {
        var h = this.hits[i], d;
        if (h.x2 !== undefined) d = segDist(x, y, h.x, h.y, h.x2, h.y2) - h.r;
        else d = Math.sqrt((x - h.x) * (x - h.x) + (y - h.y) * (y - h.y)) - h.r;
        if (d < bestD) { bestD = d; best = h; }
      }
      return bestD <= 4 ? best : null;
    }
  });
  G.CanvasLayer = CanvasLayer;

  function segDist(px, py, x1, y1, x2, y2) {
    var dx = x2 - x1, dy = y2 - y1, l2 = dx * dx + dy * dy;
    var t = l2 ? Math.max(0, Math.min(1, ((px - x1) * dx + (py - y1) * dy) / l2)) : 0;
    var qx = x1 + t * dx - px, qy = y1 + t * dy - py;
    return Math.sqrt(qx * qx + qy * qy);
  }

  /* ---------- symbols ---------- */
  function symbolPath(ctx, sym, x, y, r) {
    ctx.beginPath();
    if (sym === 1) { /* air base: triangle */
      var t = r * 1.35;
      ctx.moveTo(x, y - t); ctx.lineTo(x + t * 0.95, y + t * 0.7); ctx.lineTo(x - t * 0.95, y + t * 0.7);
      ctx.closePath();
    } else if (sym === 2) { /* airport: square */
      var q = r * 0.92;
      ctx.rect(x - q, y - q, 2 * q, 2 * q);
    } else if (sym === 3) { /* district: diamond */
      var d = r * 1.3;
      ctx.moveTo(x, y - d); ctx.lineTo(x + d, y); ctx.lineTo(x, y + d); ctx.lineTo(x - d, y);
      ctx.closePath();
    } else {
      ctx.arc(x, y, sym === 4 ? r * 0.8 : r, 0, 2 * Math.PI);
    }
  }
  G.symbolPath = symbolPath;

  /* Draw one place marker: fill by status, outline style by confirmation. */
  function drawMarker(ctx, sym, x, y, r, fill, status, imprecise) {
    symbolPath(ctx, sym, x, y, r);
    if (status === 1) { /* claimed: pale fill, dashed outline in the claimant's colour */
      ctx.fillStyle = hexToRgba(fill, 0.35); ctx.fill();
      ctx.setLineDash([2.5, 2]); ctx.lineWidth = 2; ctx.strokeStyle = fill; ctx.stroke();
      ctx.setLineDash([]);
    } else if (status === 3) { /* holder as reported before the first change */
      ctx.fillStyle = hexToRgba(fill, 0.7); ctx.fill();
      ctx.lineWidth = 1.5; ctx.strokeStyle = '#ffffff'; ctx.stroke();
    } else if (status < 0) { /* no control reported */
      ctx.fillStyle = '#ffffff'; ctx.fill();
      ctx.lineWidth = 1.5; ctx.strokeStyle = '#777'; ctx.stroke();
    } else {
      ctx.fillStyle = fill; ctx.fill();
      ctx.lineWidth = 1.6; ctx.strokeStyle = status === 2 ? '#333' : '#ffffff'; ctx.stroke();
    }
    if (imprecise) { /* date only approximate: dotted ring */
      ctx.beginPath(); ctx.arc(x, y, r + 4.5, 0, 2 * Math.PI);
      ctx.setLineDash([1.5, 2.5]); ctx.lineWidth = 1.3; ctx.strokeStyle = '#444'; ctx.stroke();
      ctx.setLineDash([]);
    }
  }
  G.drawMarker = drawMarker;

  function haloText(ctx, text, x, y, font, colour) {
    ctx.font = font;
    ctx.lineJoin = 'round';
    ctx.lineWidth = 3.5; ctx.strokeStyle = 'rgba(255,255,255,0.92)';
    ctx.strokeText(text, x, y);
    ctx.fillStyle = colour; ctx.fillText(text, x, y);
  }
  G.haloText = haloText;

  /* ---------- places layer (with grid clustering when crowded) ---------- */
  var CLUSTER_MIN = 400, CLUSTER_CELL = 46, LABEL_MAX = 120, LABEL_VIEW_MAX = 800;

  /* Boxes (canvas pixels) of what floats over the map: title, legend, slider, panel, Leaflet's
     controls. No label, of a place, a country or a town, is drawn under them. */
  function uiBoxes(app, v) {
    var box = app.map.getContainer(), c = box.getBoundingClientRect(), out = [];
    var o = app.map.getPixelBounds().min, dx = o.x - v.ox - c.left, dy = o.y - v.oy - c.top;
    var els = box.querySelectorAll('.geomap-title, .geomap-legend, .geomap-slider, .geomap-panel, .leaflet-control');
    for (var i = 0; i < els.length; i++) {
      var r = els[i].getBoundingClientRect();
      /* the title grows by a line when it says that labels are hidden: keep that line free */
      var grow = els[i].classList.contains('geomap-title') ? 20 : 0;
      if (r.width && r.height) out.push([r.left + dx - 3, r.top + dy - 3, r.width + 6, r.height + 6 + grow]);
    }
    return out;
  }
  G.uiBoxes = uiBoxes;

  /* how many of the listed places lie inside the visible map (the canvas overhangs it) */
  function onScreen(app, v, list, xs, ys) {
    var s = app.map.getSize(), o = app.map.getPixelBounds().min, x0 = o.x - v.ox, y0 = o.y - v.oy, n = 0;
    for (var i = 0; i < list.length; i++) {
      var x = xs[list[i]] - x0, y = ys[list[i]] - y0;
      if (x >= 0 && y >= 0 && x <= s.x && y <= s.y) n++;
    }
    return n;
  }

  function drawPlaces(v) {
    var app = this.app, ctx = v.ctx, P = app.data.places, n = P.name.length;
    var xs = new Float64Array(n), ys = new Float64Array(n), inView = [];
    for (var p = 0; p < n; p++) {
      var x = app.mx[p] * v.scale - v.ox, y = app.my[p] * v.scale - v.oy;
      xs[p] = x; ys[p] = y;
      if (x > -20 && y > -20 && x < v.w + 20 && y < v.h + 20) inView.push(p);
    }
    var cluster = inView.length > CLUSTER_MIN && v.zoom < 12;
    app.clustered = cluster;
    if (cluster) { app.labelBoxes = null; app.noteHidden(0); return drawClusters.call(this, v, inView, xs, ys); }
    var E = app.data.events, prec = app.data.precisions;
    /* approximate locations first (districts, regions): a translucent disc of ~10/40 km */
    var mPerPx = 40075016.686 / v.scale;
    for (var i = 0; i < inView.length; i++) {
      p = inView[i];
      var g = app.data.geo[P.geo[p]];
      if (g === 'district' || g === 'region') {
        var s = app.placeStatus(p);
        var rr = (g === 'district' ? 10000 : 40000) / mPerPx;
        if (rr > app.radius + 3) {
          ctx.beginPath(); ctx.arc(xs[p], ys[p], rr, 0, 2 * Math.PI);
          ctx.fillStyle = hexToRgba(s.status >= 0 && s.status !== 2 ? app.colour(s.actor) : '#888888', 0.12);
          ctx.fill();
          ctx.setLineDash([3, 3]); ctx.lineWidth = 1; ctx.strokeStyle = 'rgba(60,60,60,0.45)'; ctx.stroke();
          ctx.setLineDash([]);
        }
      }
    }
    for (i = 0; i < inView.length; i++) {
      p = inView[i];
      var st = app.placeStatus(p);
      var imprecise = st.event >= 0 && st.status !== 3 && prec[E.prec[st.event]] !== 'day';
      drawMarker(ctx, P.sym[p], xs[p], ys[p], app.radius, app.placeFill(p), st.status, imprecise);
      this.hits.push({ x: xs[p], y: ys[p], r: app.radius + 1, place: p });
    }
    app.labelBoxes = null;
    if (inView.length <= LABEL_VIEW_MAX) drawLabels(ctx, app, inView, xs, ys, v);
    else app.noteHidden(onScreen(app, v, inView, xs, ys));
    /* the towns and arrows layers (drawn below) keep their labels off the place labels just
       placed */
    var below = [app.layer('towns'), app.layer('arrows')];
    if (!this._redrawingBelow) {
      this._redrawingBelow = true;
      for (var b = 0; b < below.length; b++) if (below[b] && below[b]._map) below[b].redraw();
      this._redrawingBelow = false;
    }
  }

  /* Label priority: places whose control changed on the date shown, then places that ever
     changed hands, then places only reported held; shorter names first within a rank. */
  function labelRank(app, p) {
    var st = app.placeStatus(p), E = app.data.events, t = app.history[p];
    if (st.event >= 0 && E.date[st.event] === app.dateIndex && E.status[st.event] !== 3) return 0;
    for (var k = 0; k < t.length; k++) if (E.prev[t[k]] >= 0) return 1;
    return st.status < 0 ? 3 : 2;
  }

  function overlaps(boxes, bx, by, w, h) {
    for (var k = 0; k < boxes.length; k++) {
      var b = boxes[k];
      if (bx < b[0] + b[2] && bx + w > b[0] && by < b[1] + b[3] && by + h > b[1]) return true;
    }
    return false;
  }

  /* Labels in priority order, each at the first free spot of eight around its symbol. Boxes
     never overlap each other nor the title, legend, slider. Markers are obstacles: first whole;
     then, for places that changed hands or are held, only their centres (a label may graze
     another symbol's ring), so that a dense map still names what matters. */
  function drawLabels(ctx, app, list, xs, ys, v) {
    var P = app.data.places, boxes = uiBoxes(app, v), global = [], r = app.radius;
    var font = '600 12px system-ui, -apple-system, "Segoe UI", Roboto, Arial, sans-serif';
    ctx.font = font;
    ctx.textBaseline = 'middle';
    var marks = [], cores = [], own = {}, i;
    for (i = 0; i < list.length; i++) {
      var q = list[i], mark = [xs[q] - r - 2, ys[q] - r - 2, 2 * r + 4, 2 * r + 4];
      marks.push(mark); own[q] = [mark];
      cores.push([xs[q] - 2.5, ys[q] - 2.5, 5, 5]);
    }
    var ranks = {};
    for (i = 0; i < list.length; i++) ranks[list[i]] = labelRank(app, list[i]);
    var order = list.slice().sort(function (a, b) {
      return ranks[a] - ranks[b] || P.name[a].length - P.name[b].length || a - b;
    });
    var unplaced = [];
    for (i = 0; i < order.length; i++) {
      var p = order[i], name = P.name[p];
      if (name.length > 40) name = name.slice(0, 39) + '\u2026';
      var w = ctx.measureText(name).width, h = 14, o = r + 4;
      var cands = [[xs[p] + o, ys[p]], [xs[p] - o - w, ys[p]], [xs[p] - w / 2, ys[p] - o - 5],
        [xs[p] - w / 2, ys[p] + o + 5], [xs[p] + o - 2, ys[p] - o], [xs[p] + o - 2, ys[p] + o],
        [xs[p] - o - w + 2, ys[p] - o], [xs[p] - o - w + 2, ys[p] + o]];
      var placed = false, passes = ranks[p] <= 2 ? 2 : 1;
      for (var pass = 0; pass < passes && !placed; pass++) {
        for (var c = 0; c < cands.length && !placed; c++) {
          var bx = cands[c][0], by = cands[c][1] - h / 2;
          if (overlaps(boxes, bx, by, w, h)) continue;
          if (pass === 0 ? overlaps(marks, bx, by, w, h)
            : overlaps(cores, bx, by, w, h) || overlaps(own[p], bx, by, w, h)) continue;
          boxes.push([bx, by, w, h]);
          global.push([bx + v.ox, by + v.oy, w, h, name]);
          haloText(ctx, name, bx, cands[c][1], font, '#1b1b1b');
          placed = true;
        }
      }
      if (!placed) unplaced.push(p);
    }
    global.zoom = v.zoom;
    app.labelBoxes = global;
    app.noteHidden(onScreen(app, v, unplaced, xs, ys));
  }

  function drawClusters(v, inView, xs, ys) {
    var app = this.app, ctx = v.ctx, cells = {}, keys = [];
    for (var i = 0; i < inView.length; i++) {
      var p = inView[i];
      var key = Math.floor(xs[p] / CLUSTER_CELL) + ':' + Math.floor(ys[p] / CLUSTER_CELL);
      var c = cells[key];
      if (!c) { c = cells[key] = { n: 0, x: 0, y: 0, by: {} }; keys.push(key); }
      c.n++; c.x += xs[p]; c.y += ys[p];
      var s = app.placeStatus(p), a = s.status < 0 ? 'u' : s.status === 2 ? 'c' : String(s.actor);
      c.by[a] = (c.by[a] || 0) + 1;
    }
    ctx.textAlign = 'center'; ctx.textBaseline = 'middle';
    for (i = 0; i < keys.length; i++) {
      c = cells[keys[i]];
      var x = c.x / c.n, y = c.y / c.n;
      if (c.n === 1) {
        this.hits.push({ x: x, y: y, r: 4, cluster: c });
        ctx.beginPath(); ctx.arc(x, y, 4, 0, 2 * Math.PI);
        var only = Object.keys(c.by)[0];
        ctx.fillStyle = only === 'u' ? '#fff' : only === 'c' ? GREY : app.colour(+only);
        ctx.fill(); ctx.lineWidth = 1; ctx.strokeStyle = '#fff'; ctx.stroke();
        continue;
      }
      var r = 9 + 3.2 * Math.log(c.n) / Math.LN2, start = -Math.PI / 2;
      var parts = Object.keys(c.by).sort();
      for (var k = 0; k < parts.length; k++) { /* pie of controllers */
        var share = c.by[parts[k]] / c.n * 2 * Math.PI;
        ctx.beginPath(); ctx.moveTo(x, y); ctx.arc(x, y, r, start, start + share); ctx.closePath();
        ctx.fillStyle = parts[k] === 'u' ? '#d9d9d9' : parts[k] === 'c' ? GREY : app.colour(+parts[k]);
        ctx.fill(); start += share;
      }
      ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.lineWidth = 2; ctx.strokeStyle = '#fff'; ctx.stroke();
      ctx.beginPath(); ctx.arc(x, y, r * 0.55, 0, 2 * Math.PI); ctx.fillStyle = 'rgba(255,255,255,0.9)'; ctx.fill();
      ctx.font = '600 11px system-ui, Arial, sans-serif'; ctx.fillStyle = '#222';
      ctx.fillText(c.n > 9999 ? Math.round(c.n / 1000) + 'k' : String(c.n), x, y);
      this.hits.push({ x: x, y: y, r: r, cluster: c });
    }
    ctx.textAlign = 'start';
  }

  /* ---------- changes layer: a ring where control changed, strong on the shown date ---------- */
  var CHANGES_ALL_MAX = 3000;
  function drawChanges(v) {
    var app = this.app, ctx = v.ctx, E = app.data.events, P = app.data.places, di = app.dateIndex;
    var m = E.place.length, list = [];
    var recentFrom = di - 0; /* changes dated exactly on the shown date are "new" */
    for (var e = 0; e < m; e++) {
      var d = E.date[e];
      if (d < 0 || d > di || E.status[e] === 3) continue; /* a "held" report changes nothing */
      list.push(e);
    }
    var onlyNew = list.length > CHANGES_ALL_MAX;
    /* when places are clustered, rings would hide under the bubbles: only the newest show */
    if (!onlyNew && P.name.length > CLUSTER_MIN && v.zoom < 12) {
      var seen = 0;
      for (var q = 0; q < P.name.length; q++) {
        var qx = app.mx[q] * v.scale - v.ox, qy = app.my[q] * v.scale - v.oy;
        if (qx > -20 && qy > -20 && qx < v.w + 20 && qy < v.h + 20) seen++;
      }
      onlyNew = seen > CLUSTER_MIN;
    }
    if (onlyNew && P.name.length > CLUSTER_MIN && v.zoom < 12) return;
    for (var i = 0; i < list.length; i++) {
      e = list[i];
      var isNew = E.date[e] >= recentFrom;
      if (onlyNew && !isNew) continue;
      var p = E.place[e];
      var x = app.mx[p] * v.scale - v.ox, y = app.my[p] * v.scale - v.oy;
      if (x < -30 || y < -30 || x > v.w + 30 || y > v.h + 30) continue;
      var col = E.status[e] === 2 ? '#555555' : app.colour(E.actor[e]);
      var r = isNew ? 13 : 10.5;
      if (isNew) {
        ctx.beginPath(); ctx.arc(x, y, r + 3, 0, 2 * Math.PI);
        ctx.lineWidth = 5; ctx.strokeStyle = hexToRgba(col, 0.25); ctx.stroke();
      }
      ctx.beginPath(); ctx.arc(x, y, r, 0, 2 * Math.PI);
      if (E.status[e] === 1) ctx.setLineDash([3, 2.5]);
      ctx.lineWidth = isNew ? 2.4 : 1.3; ctx.strokeStyle = isNew ? col : hexToRgba(col, 0.7); ctx.stroke();
      ctx.setLineDash([]);
      this.hits.push({ x: x, y: y, r: r + 1, ring: true, event: e });
    }
  }

  /* ---------- arrows: routes and objectives ---------- */
  function arrowHead(ctx, x1, y1, x2, y2, size, colour) {
    var a = Math.atan2(y2 - y1, x2 - x1);
    ctx.beginPath();
    ctx.moveTo(x2, y2);
    ctx.lineTo(x2 - size * Math.cos(a - 0.42), y2 - size * Math.sin(a - 0.42));
    ctx.lineTo(x2 - size * Math.cos(a + 0.42), y2 - size * Math.sin(a + 0.42));
    ctx.closePath(); ctx.fillStyle = colour; ctx.fill();
  }
  G.arrowHead = arrowHead;

  /* Is a route or objective (reported on info[3]) visible on the date shown? */
  App.prototype.reportedBy = function (iso) {
    if (!iso) return true;
    return this.dateIndex >= 0 && iso <= this.dates[this.dateIndex] ||
      this.dateIndex === this.dates.length - 1;
  };

  /* Nearest place the actor holds now (not at the target itself), as [lat, lon]. */
  App.prototype.nearestHeld = function (actor, lat, lon) {
    var P = this.data.places, best = null, bestD = Infinity, k = Math.cos(lat * Math.PI / 180);
    for (var p = 0; p < P.name.length; p++) {
      var s = this.placeStatus(p);
      if (s.actor !== actor || (s.status !== 0 && s.status !== 1)) continue;
      var dy = P.lat[p] - lat, dx = (P.lon[p] - lon) * k, d = dx * dx + dy * dy;
      if (d > 1e-4 && d < bestD) { bestD = d; best = [P.lat[p], P.lon[p]]; }
    }
    return best;
  };

  /* An objective's name at the first of four spots around its target that overlaps no label
     already there; none free: no name (the symbol's popup still names it). */
  var OBJECTIVE_FONT = 'italic 600 12px system-ui, Arial, sans-serif';
  function objectiveLabel(ctx, name, t, taken) {
    /* the same name already written next to this spot (the place's own label, or another
       party's objective on the same target) says it already */
    for (var n = 0; n < taken.length; n++) {
      var b = taken[n];
      if (b[4] === name && Math.abs(b[0] + b[2] / 2 - t[0]) < b[2] / 2 + 30 &&
          Math.abs(b[1] + b[3] / 2 - t[1]) < 30) return true;
    }
    ctx.font = OBJECTIVE_FONT; ctx.textBaseline = 'middle';
    var w = ctx.measureText(name).width, h = 14;
    var spots = [[t[0] + 13, t[1] + 1], [t[0] - 13 - w, t[1] + 1], [t[0] - w / 2, t[1] - 19],
      [t[0] - w / 2, t[1] + 20]];
    for (var k = 0; k < spots.length; k++) {
      var bx = spots[k][0], by = spots[k][1] - h / 2;
      if (overlaps(taken, bx, by, w, h)) continue;
      taken.push([bx, by, w, h, name]);
      haloText(ctx, name, bx, spots[k][1], OBJECTIVE_FONT, '#333');
      return true;
    }
    return false;
  }

  function drawArrows(v) {
    var app = this.app, ctx = v.ctx, D = app.data, width = app.options.routeWeight || 2;
    function px(lat, lon) { return [mercX(lon) * v.scale - v.ox, mercY(lat) * v.scale - v.oy]; }
    /* a dashed arrow from a to b; bend > 0 curves it (objectives), so it does not hide routes */
    function arrow(a, b, colour, dash, shorten, bend) {
      var dx = b[0] - a[0], dy = b[1] - a[1], len = Math.sqrt(dx * dx + dy * dy);
      if (len < 4) return false;
      var k1 = Math.min(shorten, len / 3) / len;
      var s = [a[0] + dx * k1, a[1] + dy * k1], t = [b[0] - dx * k1, b[1] - dy * k1];
      var c = [(s[0] + t[0]) / 2 - dy * bend, (s[1] + t[1]) / 2 + dx * bend];
      ctx.beginPath(); ctx.moveTo(s[0], s[1]); ctx.quadraticCurveTo(c[0], c[1], t[0], t[1]);
      ctx.setLineDash(dash); ctx.lineWidth = width + 1.8; ctx.strokeStyle = 'rgba(255,255,255,0.85)'; ctx.stroke();
      ctx.lineWidth = width; ctx.strokeStyle = colour; ctx.stroke(); ctx.setLineDash([]);
      arrowHead(ctx, bend ? c[0] : s[0], bend ? c[1] : s[1], t[0], t[1], 11, colour);
      return [s, t];
    }
    for (var i = 0; i < D.routes.length; i++) {
      var r = D.routes[i], col = app.colour(r[0]);
      if (!app.reportedBy(r[6][3])) continue;
      var seg = arrow(px(r[1], r[2]), px(r[3], r[4]), col, [7, 5], 18, 0);
      if (seg) this.hits.push({ x: seg[0][0], y: seg[0][1], x2: seg[1][0], y2: seg[1][1], r: 3, route: i });
    }
    /* objective names yield to place labels (a region's objective can sit on its capital) */
    var taken = [], placed = app.labelBoxes, q, first;
    if (placed && placed.zoom === v.zoom) {
      for (q = 0; q < placed.length; q++) {
        taken.push([placed[q][0] - v.ox, placed[q][1] - v.oy, placed[q][2], placed[q][3],
                    placed[q][4]]);
      }
    }
    first = taken.length;
    for (i = 0; i < D.objectives.length; i++) {
      var o = D.objectives[i], c = app.colour(o[0]), t = px(o[1], o[2]);
      if (!app.reportedBy(o[4][3])) continue;
      var from = app.nearestHeld(o[0], o[1], o[2]);
      if (from) {
        var sg = arrow(px(from[0], from[1]), t, c, [2, 5], 14, 0.18);
        if (sg) this.hits.push({ x: sg[0][0], y: sg[0][1], x2: sg[1][0], y2: sg[1][1], r: 3, objective: i });
      }
      /* target symbol */
      ctx.beginPath(); ctx.arc(t[0], t[1], 9, 0, 2 * Math.PI);
      ctx.lineWidth = 1.8; ctx.strokeStyle = c; ctx.setLineDash([3, 2]); ctx.stroke(); ctx.setLineDash([]);
      ctx.beginPath(); ctx.arc(t[0], t[1], 3.2, 0, 2 * Math.PI); ctx.fillStyle = c; ctx.fill();
      objectiveLabel(ctx, o[4][0], t, taken);
      this.hits.push({ x: t[0], y: t[1], r: 9, objective: i });
    }
    app.objectiveBoxes = taken.slice(first).map(function (b) {  /* for tests */
      return [b[0] + v.ox, b[1] + v.oy, b[2], b[3], b[4]];
    });
  }

  /* ---------- basemap towns and country names ---------- */
  /* first-level names from a regional scale on (at zoom 5 a province is a speck of text) */
  var ADMIN1_MIN_ZOOM = 6;
  function drawTowns(v) {
    var app = this.app, ctx = v.ctx, B = app.data.basemap;
    if (!B) return;
    ctx.textBaseline = 'middle';
    var boxes = uiBoxes(app, v), i, c;
    var P = app.data.places, drawn = [];
    /* place labels and markers first: context labels (countries, towns) yield to them */
    var placed = app.labelBoxes;
    if (placed && placed.zoom === v.zoom) {
      for (var q = 0; q < placed.length; q++) {
        boxes.push([placed[q][0] - v.ox - 4, placed[q][1] - v.oy - 3, placed[q][2] + 8, placed[q][3] + 6]);
      }
    }
    if (P.name.length <= LABEL_MAX) {
      for (q = 0; q < P.name.length; q++) {
        boxes.push([app.mx[q] * v.scale - v.ox - 10, app.my[q] * v.scale - v.oy - 10, 20, 20]);
      }
    }
    var cfont = '600 13px system-ui, Arial, sans-serif';
    var shown = app.contextNames = { countries: [], admin1: [], squares: [] };  /* for tests and hints */
    /* the visible part of the canvas (it overhangs the map): names are placed whole inside */
    var size = app.map.getSize(), pmin = app.map.getPixelBounds().min;
    var sx0 = pmin.x - v.ox, sy0 = pmin.y - v.oy, sx1 = sx0 + size.x, sy1 = sy0 + size.y;
    for (i = 0; i < B.countries.length; i++) {
      c = B.countries[i];
      var label = c[0].toUpperCase(), x, y, spots = [c[1], c[2]].concat(c[3] || []);
      ctx.font = cfont;
      var cw = ctx.measureText(label).width, found = false;
      /* the first point, else the nearest fallback inside the country, whole on screen (a
         name cut by the edge reads as another word) and clear of the title, legend, slider
         and place labels */
      for (var f = 0; f < spots.length && !found; f += 2) {
        x = mercX(spots[f + 1]) * v.scale - v.ox; y = mercY(spots[f]) * v.scale - v.oy;
        if (x < sx0 + cw / 2 + 4 || y < sy0 + 12 || x > sx1 - cw / 2 - 4 || y > sy1 - 12) continue;
        found = !overlaps(boxes, x - cw / 2, y - 8, cw, 16);
      }
      if (!found) continue;
      shown.countries.push(c[0]);
      boxes.push([x - cw / 2, y - 8, cw, 16]);
      drawn.push([x - cw / 2 + v.ox, y - 8 + v.oy, cw, 16]);
      ctx.textAlign = 'center';
      haloText(ctx, label, x, y, cfont, 'rgba(90,84,72,0.55)');
      ctx.textAlign = 'start';
    }
    /* the places, and the ends of objectives and routes (their target is often a town the
       basemap also has: its square would sit on the arrow's head and label) */
    var spotsX = [], spotsY = [], D = app.data;
    for (var p = 0; p < P.name.length; p++) {
      spotsX.push(app.mx[p] * v.scale - v.ox); spotsY.push(app.my[p] * v.scale - v.oy);
    }
    (D.objectives || []).forEach(function (o) {
      spotsX.push(mercX(o[2]) * v.scale - v.ox); spotsY.push(mercY(o[1]) * v.scale - v.oy);
    });
    (D.routes || []).forEach(function (r) {
      spotsX.push(mercX(r[2]) * v.scale - v.ox); spotsY.push(mercY(r[1]) * v.scale - v.oy);
      spotsX.push(mercX(r[4]) * v.scale - v.ox); spotsY.push(mercY(r[3]) * v.scale - v.oy);
    });
    for (i = 0; i < B.towns.length; i++) {
      var t = B.towns[i];
      x = mercX(t[2]) * v.scale - v.ox; y = mercY(t[1]) * v.scale - v.oy;
      var near = false, under = false;
      for (p = 0; p < spotsX.length && !under; p++) {
        var qx = spotsX[p], qy = spotsY[p];
        if (Math.abs(qx - x) < 12 && Math.abs(qy - y) < 12) under = true;
        else if (Math.abs(qx - x) < 60 && Math.abs(qy - y) < 12) near = true;
      }
      if (under) continue; /* a mapped place sits on the town: it speaks for it */
      ctx.beginPath(); ctx.rect(x - 2, y - 2, 4, 4); ctx.fillStyle = '#6b6b6b'; ctx.fill();
      shown.squares.push([t[1], t[2]]);
      if (near) continue;
      var font = '11px system-ui, Arial, sans-serif';
      ctx.font = font;
      var w = ctx.measureText(t[0]).width, clash = false;
      for (var k = 0; k < boxes.length && !clash; k++) {
        var b = boxes[k];
        if (x + 6 < b[0] + b[2] && x + 6 + w > b[0] && y - 7 < b[1] + b[3] && y + 7 > b[1]) clash = true;
      }
      if (clash) continue;
      boxes.push([x + 6, y - 7, w, 14]);
      drawn.push([x + 6 + v.ox, y - 7 + v.oy, w, 14]);
      haloText(ctx, t[0], x + 6, y, font, '#5a5a5a');
    }
    /* first-level names last, faint: only where the unit is wide enough on screen for its
       name, and only where nothing else (places, countries, towns, the UI) is */
    var A = v.zoom >= ADMIN1_MIN_ZOOM ? B.admin1_labels || [] : [];
    var afont = 'italic 11px system-ui, Arial, sans-serif';
    var pxPerDeg = v.scale / 360;
    ctx.font = afont; ctx.textAlign = 'center';
    for (i = 0; i < A.length; i++) {
      var a = A[i], side = Math.sqrt(a[3]) * pxPerDeg;
      if (side < 90) continue;
      var aw = ctx.measureText(a[0]).width, ok = false, at = [a[1], a[2]].concat(a[4] || []);
      if (aw > side * 1.1) continue;
      /* the unit's first point, else another of its points that is on screen and clear */
      for (var k2 = 0; k2 < at.length && !ok; k2 += 2) {
        x = mercX(at[k2 + 1]) * v.scale - v.ox; y = mercY(at[k2]) * v.scale - v.oy;
        if (x < sx0 + aw / 2 + 4 || y < sy0 + 10 || x > sx1 - aw / 2 - 4 || y > sy1 - 10) continue;
        ok = !overlaps(boxes, x - aw / 2 - 3, y - 7, aw + 6, 14);
      }
      if (!ok) continue;
      boxes.push([x - aw / 2 - 3, y - 7, aw + 6, 14]);
      drawn.push([x - aw / 2 + v.ox, y - 7 + v.oy, aw, 14]);
      shown.admin1.push(a[0]);
      haloText(ctx, a[0], x, y, afont, 'rgba(125,116,100,0.75)');
    }
    ctx.textAlign = 'start';
    drawn.zoom = v.zoom;
    app.contextBoxes = drawn;
  }

  /* ---------- popups (DOM built with textContent only) ---------- */
  function sourceNode(app, e) {
    var E = app.data.events, src = app.str(E.src[e]);
    if (!src) return null;
    var div = el('div', 'meta'), url = safeUrl(src);
    div.appendChild(document.createTextNode('Source: '));
    if (url) {
      var a = el('a', null, src);
      a.href = url; a.target = '_blank'; a.rel = 'noopener noreferrer nofollow';
      div.appendChild(a);
    } else {
      div.appendChild(document.createTextNode(src));
    }
    return div;
  }

  function stateLine(app, status, actor) {
    var row = el('div', 'state'), sw = el('span', 'swatch');
    var words;
    if (status < 0) { words = 'No control reported'; sw.style.border = '1px solid #777'; }
    else if (status === 2) { words = 'Contested'; sw.style.background = GREY; }
    else {
      sw.style.background = app.colour(actor);
      words = status === 1 ? app.byWhom('Claimed', actor) + ' (unconfirmed)' :
        status === 3 ? app.byWhom('Held', actor) + ' (reported held, no change stated)' :
        app.unnamed(actor) ? 'Control changed; the source names no holder' : app.byWhom('Held', actor);
    }
    row.appendChild(sw); row.appendChild(el('span', null, words));
    return row;
  }

  App.prototype.eventDetails = function (box, e) {
    var E = this.data.events;
    var meta = [];
    meta.push(this.when(e));
    if (E.prev[e] >= 0 && !this.unnamed(E.prev[e])) meta.push('before: ' + this.actorName(E.prev[e]));
    if (E.conf[e] >= 0) meta.push('confidence ' + E.conf[e] + '%');
    if (E.as[e]) meta.push('written "' + this.str(E.as[e]) + '"');
    box.appendChild(el('div', 'meta', meta.join(' \u00b7 ')));
    var text = this.str(E.text[e]);
    if (text) box.appendChild(el('blockquote', null, text));
    var s = sourceNode(this, e);
    if (s) box.appendChild(s);
  };

  App.prototype.placePopup = function (p) {
    var P = this.data.places, box = el('div', 'geomap-popup'), st = this.placeStatus(p);
    var h = el('h3', null, P.name[p]);
    h.appendChild(el('span', 'kind', ' \u00b7 ' + this.data.symbols[P.sym[p]] +
      (this.data.geo[P.geo[p]] === 'district' || this.data.geo[P.geo[p]] === 'region' ? ' (approximate location)' : '')));
    box.appendChild(h);
    box.appendChild(stateLine(this, st.status, st.actor));
    box.appendChild(el('div', 'meta', 'as of ' + this.dateLabel()));
    if (st.event >= 0) this.eventDetails(box, st.event);
    var hist = this.history[p], E = this.data.events;
    if (hist.length > 1 || (hist.length && E.prev[hist[0]] >= 0)) {
      box.appendChild(el('div', 'meta', 'History'));
      var ol = el('ol');
      for (var k = 0; k < hist.length; k++) {
        var e = hist[k], s = E.status[e], a = E.actor[e];
        if (k === 0 && E.prev[e] >= 0 && !this.unnamed(E.prev[e])) {
          ol.appendChild(el('li', E.date[e] > this.dateIndex ? 'later' : null,
            this.byWhom('held', E.prev[e]) + ' before ' + this.when(e) + ' (as reported then)'));
        }
        var label = (s === 3 ? this.byWhom('reported held', a) : s === 2 ? 'reported contested' :
          s === 1 ? this.byWhom('claimed', a) :
            this.unnamed(a) ? 'changed hands (holder not named)' : this.byWhom('taken', a)) + ', ' + this.when(e);
        ol.appendChild(el('li', E.date[e] > this.dateIndex ? 'later' : null, label));
      }
      box.appendChild(ol);
    }
    return box;
  };

  App.prototype.eventPopup = function (e) {
    var E = this.data.events, box = el('div', 'geomap-popup');
    box.appendChild(el('h3', null, this.data.places.name[E.place[e]]));
    var s = E.status[e];
    box.appendChild(stateLine(this, s, E.actor[e]));
    box.appendChild(el('div', 'meta', s === 1 ? 'Claimed control (not confirmed)' : s === 2 ? 'Reported contested' :
      s === 3 ? 'Reported held (no change stated)' : 'Control change'));
    this.eventDetails(box, e);
    return box;
  };

  App.prototype.arrowPopup = function (row, kind) {
    var box = el('div', 'geomap-popup'), info = row[row.length - 1], status = row[row.length - 2];
    box.appendChild(el('h3', null, kind === 'route' ? 'Route: ' + info[0] + ' \u2192 ' + info[4] : 'Objective: ' + info[0]));
    var sw = el('div', 'state'), dot = el('span', 'swatch');
    dot.style.background = this.colour(row[0]);
    sw.appendChild(dot);
    sw.appendChild(el('span', null, (this.unnamed(row[0]) ? 'actor not named' : this.actorName(row[0])) + (status === 1 ? ' (unconfirmed)' : '')));
    box.appendChild(sw);
    box.appendChild(el('div', 'meta', kind === 'route' ? 'supply line or movement (approximate, straight line)'
      : 'stated objective; the arrow starts at the nearest place the actor holds on the date shown'));
    if (info[3]) box.appendChild(el('div', 'meta', 'reported ' + info[3]));
    if (info[1]) box.appendChild(el('blockquote', null, info[1]));
    if (info[2]) {
      var div = el('div', 'meta'), url = safeUrl(info[2]);
      div.appendChild(document.createTextNode('Source: '));
      if (url) { var a = el('a', null, info[2]); a.href = url; a.target = '_blank'; a.rel = 'noopener noreferrer nofollow'; div.appendChild(a); }
      else div.appendChild(document.createTextNode(info[2]));
      box.appendChild(div);
    }
    return box;
  };

  App.prototype.tooltipText = function (hit) {
    if (hit.place !== undefined) {
      var s = this.placeStatus(hit.place), who = s.status < 0 ? 'no control reported' :
        s.status === 2 ? 'contested' : this.byWhom(s.status === 1 ? 'claimed' : 'held', s.actor);
      return this.data.places.name[hit.place] + ' \u2014 ' + who;
    }
    if (hit.cluster) return hit.cluster.n + ' places (zoom in)';
    if (hit.event !== undefined) {
      var E = this.data.events;
      var who = E.status[hit.event] === 2 ? 'contested' : this.unnamed(E.actor[hit.event]) ? 'holder not named' : this.actorName(E.actor[hit.event]);
      return this.data.places.name[E.place[hit.event]] + ': ' + who + ', ' + this.when(hit.event);
    }
    if (hit.route !== undefined) {
      var ra = this.data.routes[hit.route][0];
      return this.unnamed(ra) ? 'Route (actor not named)' : 'Route (' + this.actorName(ra) + ')';
    }
    if (hit.objective !== undefined) {
      var oa = this.data.objectives[hit.objective][0];
      return this.unnamed(oa) ? 'Objective (actor not named)' : 'Objective of ' + this.actorName(oa);
    }
    return '';
  };

  App.prototype.hitAt = function (latlng) {
    var gp = this.map.project(latlng);
    for (var i = this.layers.length - 1; i >= 0; i--) {
      var lyr = this.layers[i];
      if (!this.map.hasLayer(lyr) || !lyr.hitAt) continue;
      var h = lyr.hitAt(gp.x, gp.y);
      if (h) return h;
    }
    return null;
  };

  App.prototype.popupFor = function (hit) {
    if (hit.place !== undefined) return this.placePopup(hit.place);
    if (hit.event !== undefined) return this.eventPopup(hit.event);
    if (hit.route !== undefined) return this.arrowPopup(this.data.routes[hit.route], 'route');
    if (hit.objective !== undefined) return this.arrowPopup(this.data.objectives[hit.objective], 'objective');
    return null;
  };

  App.prototype.bindInteraction = function () {
    var app = this, map = this.map, tip = L.tooltip({ direction: 'top', offset: [0, -8], opacity: 0.95 });
    var pending = false, last = null;
    var opts = this.options;
    map.on('click', function (ev) {
      if (opts.popup === false) return;
      var h = app.hitAt(ev.latlng);
      if (!h) return;
      if (h.cluster) { map.setView(ev.latlng, Math.min(map.getZoom() + 2, map.getMaxZoom())); return; }
      var content = app.popupFor(h);
      var pad = app.freePadding();
      if (content) {
        L.popup({ maxWidth: 340, autoPanPaddingTopLeft: pad[0], autoPanPaddingBottomRight: pad[1] })
          .setLatLng(ev.latlng).setContent(content).openOn(map);
      }
    });
    map.on('mousemove', function (ev) {
      if (opts.tooltip === false) return;
      last = ev.latlng;
      if (pending) return;
      pending = true;
      window.requestAnimationFrame(function () {
        pending = false;
        var h = app.hitAt(last);
        map.getContainer().style.cursor = h ? 'pointer' : '';
        if (h) {
          tip.setLatLng(last).setContent(el('span', null, app.tooltipText(h)));
          if (!map.hasLayer(tip)) tip.addTo(map);
        } else if (map.hasLayer(tip)) {
          map.removeLayer(tip);
        }
      });
    });
    map.on('mouseout', function () { if (map.hasLayer(tip)) map.removeLayer(tip); });
  };

  /* ---------- vector layers: basemap outlines, zones, fronts ---------- */
  function ringsToLatLngs(rings) {
    var out = [];
    for (var i = 0; i < rings.length; i++) {
      var r = rings[i], ll = [];
      for (var k = 0; k < r.length; k += 2) ll.push([r[k], r[k + 1]]);
      out.push(ll);
    }
    return out;
  }

  /* Land fills (no stroke: a fill clipped to a box would outline the box) and border lines,
     coarse for the region, detailed near the data, drawn in that order. */
  App.prototype.buildBasemap = function (renderer, tiles) {
    var B = this.data.basemap, group = L.layerGroup();
    if (!B) return group;
    var fill = { renderer: renderer, interactive: false, stroke: false, fillColor: LAND,
                 fillOpacity: tiles ? 0 : 1 };
    var line = { renderer: renderer, interactive: false, color: '#9b9584', fill: false,
                 weight: tiles ? 1.2 : 0.9, opacity: tiles ? 0.7 : 1 };
    var levels = [B.world || { land: [], borders: [] }, B];
    for (var i = 0; i < levels.length; i++) {
      if (levels[i].land && levels[i].land.length) L.polygon(ringsToLatLngs(levels[i].land), fill).addTo(group);
    }
    /* lakes filled as water (country outlines run across them), then large rivers and lake
       shores (the surface's barriers): thin and blue, over land */
    if (B.lakes && B.lakes.length) {
      L.polygon(ringsToLatLngs(B.lakes), { renderer: renderer, interactive: false, stroke: false,
        fillColor: SEA, fillOpacity: tiles ? 0 : 1 }).addTo(group);
    }
    if (B.rivers && B.rivers.length) {
      L.polyline(ringsToLatLngs(B.rivers), { renderer: renderer, interactive: false, fill: false,
        color: RIVER, weight: 1.1, opacity: tiles ? 0.5 : 0.9, lineJoin: 'round' }).addTo(group);
    }
    /* first-level boundaries under the country borders: thin, light, dashed, near the data */
    if (B.admin1 && B.admin1.length) {
      L.polyline(ringsToLatLngs(B.admin1), { renderer: renderer, interactive: false, fill: false,
        color: '#b9b09c', weight: 0.8, opacity: tiles ? 0.6 : 0.9, dashArray: '5 3' }).addTo(group);
    }
    for (i = 0; i < levels.length; i++) {
      if (levels[i].borders && levels[i].borders.length) L.polyline(ringsToLatLngs(levels[i].borders), line).addTo(group);
    }
    return group;
  };

  /* Territory (render/_territory.py): filled per controller, more opaque where the estimate
     is surer (level 0..2), contested ground hatched, unknown never drawn (left blank). */
  var TERRITORY_FILL = [0.1, 0.2, 0.32];
  App.prototype.hatch = function () {
    if (!this._hatch) {
      var c = document.createElement('canvas'); c.width = c.height = 8;
      var x = c.getContext('2d');
      x.strokeStyle = 'rgba(70,70,70,0.75)'; x.lineWidth = 1.3; x.beginPath();
      x.moveTo(0, 8); x.lineTo(8, 0); x.moveTo(-1, 1); x.lineTo(1, -1); x.moveTo(7, 9); x.lineTo(9, 7);
      x.stroke();
      this._hatch = x.createPattern(c, 'repeat');
    }
    return this._hatch;
  };

  App.prototype.zoneLayer = function (rows, renderer) {
    var group = L.layerGroup(), app = this, scale = this.options.zoneOpacity !== undefined ? this.options.zoneOpacity / 0.2 : 1;
    for (var i = 0; i < rows.length; i++) {
      var z = rows[i], col = this.colour(z[0]), level = z[4] === undefined ? 1 : z[4];
      var contested = z[0] >= 0 && this.data.actors[z[0]][0] === 'contested';
      var poly = L.polygon(ringsToLatLngs(z[3]), {
        renderer: renderer, stroke: false, fillColor: contested ? this.hatch() : col,
        fillOpacity: contested ? 0.9 : Math.min(1, TERRITORY_FILL[level] * scale)
      });
      var who = contested ? 'Contested ground' : 'Estimated to be held by ' + app.actorName(z[0]);
      var t = who + (z[5] !== undefined && z[5] !== null && !contested ? ' (' + z[5] + '% likely)' : '') +
        (z[2] ? ', about ' + z[2].toLocaleString('en') + ' km\u00b2' : '') +
        (z[6] ? ' \u2014 from reports on ' + z[6] : ' \u2014 estimated from reported places, not surveyed');
      poly.bindTooltip(el('span', null, t), { sticky: true });
      poly.addTo(group);
    }
    return group;
  };

  App.prototype.frontLines = function (F, renderer, group) {
    for (var i = 0; i < F.length; i++) {
      var lines = ringsToLatLngs(F[i][1]);
      var t = 'Estimated front line between ' + this.actorName(F[i][0][0]) + ' and ' + this.actorName(F[i][0][1]);
      var casing = L.polyline(lines, { renderer: renderer, color: '#ffffff', weight: 5, opacity: 0.8, interactive: false });
      var line = L.polyline(lines, { renderer: renderer, color: '#8b1a1a', weight: this.options.frontWeight || 2.2 });
      line.bindTooltip(el('span', null, t), { sticky: true });
      casing.addTo(group); line.addTo(group);
    }
    return group;
  };

  App.prototype.frontLayer = function (renderer) {
    this.frontRenderer = renderer;
    this.frontGroup = L.layerGroup();
    /* the latest fronts until a territory snapshot brings those of its own date */
    if (!this.data.zones.length) this.frontLines(this.data.fronts, renderer, this.frontGroup);
    return this.frontGroup;
  };

  /* ---------- start ---------- */
  G.use = function (mapVar, plugin, options) {
    G.pending.push({ map: mapVar, plugin: plugin, options: options || {} });
  };

  G.start = function (map, dataNode, options) {
    options = options || {};
    return G.decode(dataNode).then(function (data) {
      var app = new App(map, data);
      G.current = app;
      map.getContainer().classList.add('geomap');
      app.prepare(options);
      var mine = G.pending.filter(function (u) { return u.map === map; });
      for (var i = 0; i < mine.length; i++) {
        try {
          G.plugins[mine[i].plugin](app, mine[i].options);
        } catch (err) {
          if (window.console) console.error('geomap plugin ' + mine[i].plugin + ' failed: ' + err);
        }
      }
      app.fit();
      app.addLayers();
      app.started = true;
      app.setDate(app.dateIndex);
      window.geomapReadyMs = window.performance ? performance.now() : 0;
      window.geomapReady = true;
      document.documentElement.setAttribute('data-geomap-ready', '1');
      var strsId = dataNode.getAttribute('data-strs');
      if (strsId && !app.S) {
        /* evidence and sources of a large map: inflated once the map is on screen */
        G.decode(document.getElementById(strsId)).then(function (strs) {
          app.S = app.data.strs = strs;
          window.geomapTextReady = true;
        });
      } else {
        window.geomapTextReady = true;
      }
      return app;
    });
  };

  /* Before the plugins: options, panes and the scale bar (so the slider stacks above it). */
  App.prototype.prepare = function (options) {
    var map = this.map;
    this.options = options;
    this.radius = options.radius || RADIUS;
    ['geomapZones', 'geomapArrows', 'geomapChanges', 'geomapPlaces'].forEach(function (name, i) {
      var pane = map.createPane(name);
      pane.style.zIndex = String(410 + i * 10);
      pane.style.pointerEvents = 'none';
    });
    var labelsPane = map.createPane('geomapTowns');
    labelsPane.style.zIndex = '405'; labelsPane.style.pointerEvents = 'none';
    L.control.scale({ imperial: false, position: 'bottomleft' }).addTo(map);
  };

  /* After the view is fitted: add every layer once (each draws when the date is first set). */
  App.prototype.addLayers = function () {
    var map = this.map, D = this.data, app = this, options = this.options;
    var renderer = this.basemapRenderer = L.canvas({ padding: 0.5 });
    var overlays = {};
    this.basemap = this.buildBasemap(renderer, !!options.tiles);
    this.basemap.addTo(map);
    var towns = new CanvasLayer(this, 'towns', drawTowns, 'geomapTowns');
    towns.addTo(map);
    overlays['Towns and countries (context)'] = towns;

    this.zoneRenderer = L.canvas({ padding: 0.5, pane: 'geomapZones' });
    this.zones = L.layerGroup();
    this._zoneSnap = null;
    if (D.zones.length) { overlays['Territory (estimated)'] = this.zones; this.zones.addTo(map); }
    if (D.fronts.length || D.zones.some(function (z) { return z[2] && z[2].length; })) {
      var fronts = this.frontLayer(L.canvas({ padding: 0.5, pane: 'geomapZones' }));
      overlays['Front lines (estimated)'] = fronts; fronts.addTo(map);
    }
    var arrows = new CanvasLayer(this, 'arrows', drawArrows, 'geomapArrows');
    if (D.routes.length || D.objectives.length) { overlays['Routes and objectives'] = arrows; arrows.addTo(map); }
    var changes = new CanvasLayer(this, 'changes', drawChanges, 'geomapChanges');
    overlays['Control changes'] = changes; changes.addTo(map);
    var places = new CanvasLayer(this, 'places', drawPlaces, 'geomapPlaces');
    overlays['Control of places'] = places; places.addTo(map);
    this.layers = [towns, arrows, changes, places];
    this.canvasLayers = this.layers;
    L.control.layers(null, overlays, { collapsed: true, position: 'topright' }).addTo(map);
    this.onDate(function () {
      app.updateZones();
      for (var i = 0; i < app.canvasLayers.length; i++) app.canvasLayers[i].redraw();
    });
    this.bindInteraction();
  };

  /* Fit the data into the part of the map that the title, legend and slider leave free. */
  /* Padding [top-left, bottom-right] that keeps content clear of the title, legend, slider. */
  App.prototype.freePadding = function () {
    var box = this.map.getContainer(), c = box.getBoundingClientRect();
    function rect(sel) { var e = box.querySelector(sel); return e ? e.getBoundingClientRect() : null; }
    var tl = [12, 12], br = [12, 12];
    var t = rect('.geomap-title'), p = rect('.geomap-panel'), lg = rect('.geomap-legend'), sl = rect('.geomap-slider');
    if (t) tl[1] = t.bottom - c.top + 12;
    if (p && p.width < c.width * 0.4) tl[1] = Math.max(tl[1], Math.min(p.bottom - c.top + 12, c.height / 3));
    if (lg && lg.width < c.width * 0.45) br[0] = c.right - lg.left + 12;
    if (sl) br[1] = c.bottom - sl.top + 12;
    if (c.width - tl[0] - br[0] < 220) br[0] = 12;
    if (c.height - tl[1] - br[1] < 160) { tl[1] = 12; br[1] = 12; }
    return [tl, br];
  };

  /* Fit the data into the part of the map that the title, legend and slider leave free. */
  App.prototype.fit = function () {
    var D = this.data;
    if (!D.bounds) return;
    var app = this, map = this.map;
    /* Inside an iframe (srcdoc embed, report) the map can start 0x0: fitting then would zoom to
       maxZoom, so fit again once the container has a size. */
    map.invalidateSize({ pan: false });
    var size = map.getSize();
    if (!size.x || !size.y) {
      if (!this._fitPending) {
        this._fitPending = true;
        map.once('resize', function () { app._fitPending = false; app.fit(); });
        window.addEventListener('load', function () { map.invalidateSize({ pan: false }); }, { once: true });
      }
      return;
    }
    var pad = this.freePadding();
    this.map.fitBounds(D.bounds, { paddingTopLeft: pad[0], paddingBottomRight: pad[1], maxZoom: 11, animate: false });
    this.limitToRegion();
  };

  /* The basemap covers a region around the data: never show beyond it (lowest zoom, bounds). */
  App.prototype.limitToRegion = function () {
    var B = this.data.basemap, map = this.map;
    if (!B || !B.region) return;
    var region = L.latLngBounds(B.region);
    var z = map.getBoundsZoom(region, true);
    map.setMinZoom(Math.min(z, map.getZoom()));
    map.options.maxBoundsViscosity = 1.0;
    map.setMaxBounds(region);
  };

  /* The basemap's pixel [r, g, b, a] at a point (tests: land is land, sea is sea). */
  App.prototype.basemapPixel = function (lat, lon) {
    var c = this.basemapRenderer && this.basemapRenderer._container;
    if (!c) return null;
    var pt = this.map.latLngToContainerPoint([lat, lon]);
    var mr = this.map.getContainer().getBoundingClientRect(), r = c.getBoundingClientRect();
    var k = c.width / r.width;
    var d = c.getContext('2d').getImageData(Math.round((mr.left + pt.x - r.left) * k),
      Math.round((mr.top + pt.y - r.top) * k), 1, 1).data;
    return [d[0], d[1], d[2], d[3]];
  };

  App.prototype.updateZones = function () {
    var Z = this.data.zones, snap = null;
    for (var i = 0; i < Z.length; i++) if (Z[i][0] <= this.dateIndex) snap = i;
    if (snap === this._zoneSnap) return;
    this._zoneSnap = snap;
    this.zones.clearLayers();
    if (snap !== null) this.zones.addLayer(this.zoneLayer(Z[snap][1], this.zoneRenderer));
    if (this.frontGroup) {
      /* fronts of the snapshot's date; the latest ones when the snapshot has none */
      this.frontGroup.clearLayers();
      var F = snap !== null && Z[snap][2] ? Z[snap][2] : (snap === null ? [] : this.data.fronts);
      this.frontLines(F, this.frontRenderer, this.frontGroup);
    }
  };
})();
