/* Leaflet's default marker images as data URIs (for markers added with folium): no requests. */
function (icons) {
  'use strict';
  if (!icons || !window.L) return;
  L.Icon.Default.mergeOptions(icons);
  L.Icon.Default.prototype._getIconUrl = function (name) { return L.Icon.prototype._getIconUrl.call(this, name); };
}
