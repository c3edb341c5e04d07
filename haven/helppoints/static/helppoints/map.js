/* Help points on a Leaflet map (vendored in /static/haven/leaflet/). Data comes from
   JSON script tags (the CSP allows no inline code). Without tiles (none configured,
   or no connection) the markers stand on a plain background; without this script
   the page lists every point anyway. */
(function () {
  "use strict";

  function readJSON(id) {
    var element = document.getElementById(id);
    return element ? JSON.parse(element.textContent) : null;
  }

  /* A map placed by ``place`` before its tiles are asked for (one round of requests). */
  function baseMap(element, config, place) {
    element.classList.add("ready");
    var map = L.map(element, { scrollWheelZoom: false });
    place(map);
    if (config.tiles) {
      L.tileLayer(config.tiles, { maxZoom: 19, attribution: config.attribution }).addTo(map);
    }
    return map;
  }

  function line(tag, text, className) {
    var element = document.createElement(tag);
    element.textContent = text;
    if (className) element.className = className;
    return element;
  }

  function showPoints(element, config) {
    var note = document.getElementById("map-note");
    if (note) note.hidden = false;  /* it speaks of the markers: only where there is a map */
    var points = readJSON("help-map-points") || [];
    var where = points.map(function (point) { return [point.lat, point.lon]; });
    var map = baseMap(element, config, function (map) {
      if (where.length > 1) map.fitBounds(where, { padding: [40, 40], maxZoom: 15 });
      else if (where.length === 1) map.setView(where[0], 15);
      else map.setView(config.centre, 12);
    });
    var openIcon = new L.Icon.Default({ className: "marker-open" });
    points.forEach(function (point) {
      var options = { title: point.name, alt: point.name };
      if (point.open) options.icon = openIcon;
      var box = document.createElement("div");
      box.appendChild(line("strong", point.name));
      box.appendChild(line("div", point.kind, "popup-kind"));
      box.appendChild(line("div", point.status, point.open ? "open-now" : "closed-now"));
      if (point.address) box.appendChild(line("div", point.address));
      var more = line("a", element.dataset.moreLabel || "↓");
      more.href = "#p-" + point.id;
      box.appendChild(more);
      L.marker([point.lat, point.lon], options).addTo(map).bindPopup(box);
    });
  }

  function pickPoint(element, config) {
    var latitude = document.getElementById("id_latitude");
    var longitude = document.getElementById("id_longitude");
    if (!latitude || !longitude) return;
    var map = baseMap(element, config, function (map) { map.setView(config.centre, 13); });
    var marker = null;
    function place(at) {
      if (marker) marker.setLatLng(at);
      else marker = L.marker(at).addTo(map);
    }
    var lat = parseFloat(latitude.value.replace(",", "."));
    var lon = parseFloat(longitude.value.replace(",", "."));
    if (isFinite(lat) && isFinite(lon)) place([lat, lon]);
    map.on("click", function (event) {
      latitude.value = event.latlng.lat.toFixed(6);
      longitude.value = event.latlng.lng.toFixed(6);
      place(event.latlng);
    });
  }

  function start() {
    var config = readJSON("help-map-config");
    if (!window.L || !config || !config.centre) return;
    var shown = document.getElementById("help-map");
    if (shown) showPoints(shown, config);
    var picker = document.getElementById("pick-map");
    if (picker) pickPoint(picker, config);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
