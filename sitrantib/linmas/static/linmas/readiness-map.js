// Colours each desa of the scope by its LINMAS readiness level (no tile server needed).
(function () {
  "use strict";
  var el = document.getElementById("readiness-map");
  var levelsEl = document.getElementById("readiness-levels");
  if (!el || !levelsEl || typeof L === "undefined") { return; }
  var levels = JSON.parse(levelsEl.textContent);
  var colours = { siap: "#2e7d32", cukup: "#f9a825", kurang: "#c62828", kosong: "#9e9e9e", tak_nilai: "#ffffff" };
  var map = L.map(el, { zoomSnap: 0.25 });
  fetch(el.dataset.geojsonUrl, { credentials: "same-origin" })
    .then(function (response) {
      if (!response.ok) { throw new Error(response.status); }
      return response.json();
    })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (feature) {
          var level = levels[feature.properties.code] || "kosong";
          return { color: "#234", weight: 1.5, fillColor: colours[level], fillOpacity: 0.6 };
        },
        onEachFeature: function (feature, shape) {
          shape.bindTooltip(feature.properties.name, { permanent: true, direction: "center", className: "village-label" });
          shape.on("click", function () {
            var row = document.querySelector("#readiness-table tr[data-village='" + feature.properties.code + "']");
            if (row) { row.scrollIntoView({ behavior: "smooth", block: "center" }); row.classList.add("table-active"); }
          });
        }
      }).addTo(map);
      if (data.features.length) {
        map.fitBounds(layer.getBounds(), { padding: [8, 8] });
      } else {
        el.textContent = el.dataset.emptyText || "";
      }
      el.dataset.loaded = String(data.features.length);
    })
    .catch(function () { el.dataset.loaded = "error"; });
})();
