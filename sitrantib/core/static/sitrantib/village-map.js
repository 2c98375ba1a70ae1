// Draws the desa of the viewer's scope as shapes with labels. Works without any tile server:
// a tile layer is added only when the page names one (data-tile-url).
(function () {
  "use strict";
  var el = document.getElementById("village-map");
  if (!el || typeof L === "undefined") { return; }
  var map = L.map(el, { zoomSnap: 0.25, attributionControl: true });
  var tileUrl = el.dataset.tileUrl;
  if (tileUrl) {
    L.tileLayer(tileUrl, { maxZoom: 18, attribution: el.dataset.tileAttribution || "" }).addTo(map);
  }
  var palette = ["#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948",
                 "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#86bcb6", "#d37295"];
  fetch(el.dataset.geojsonUrl, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    })
    .then(function (data) {
      var i = 0;
      var layer = L.geoJSON(data, {
        style: function () {
          var colour = palette[i++ % palette.length];
          return { color: "#234", weight: 1.5, fillColor: colour, fillOpacity: 0.45 };
        },
        onEachFeature: function (feature, shape) {
          var p = feature.properties;
          shape.bindTooltip(p.name, { permanent: true, direction: "center", className: "village-label" });
          shape.on("click", function () { window.location.href = p.url; });
          shape.on("mouseover", function () { shape.setStyle({ weight: 3 }); });
          shape.on("mouseout", function () { shape.setStyle({ weight: 1.5 }); });
        }
      }).addTo(map);
      if (data.features.length) {
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      } else {
        el.textContent = el.dataset.emptyText || "";
      }
      el.dataset.loaded = String(data.features.length);
    })
    .catch(function () {
      el.dataset.loaded = "error";
    });
})();
