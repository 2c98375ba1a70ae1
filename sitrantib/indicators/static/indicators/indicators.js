/* Indicator pages: charts (vendored Chart.js), the desa situation map and the kecamatan map
   (Leaflet, no tile server), and the print button. Data come from json_script blocks and data-*
   attributes (no inline script: CSP). Every chart has its numbers in a table on the page. */
(function () {
  "use strict";

  function readJSON(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }

  var common = { animation: false, maintainAspectRatio: false, responsive: true };

  function drawCharts() {
    var data = readJSON("indicator-chart-data");
    if (!data || typeof Chart === "undefined") { return; }
    (data.trend || []).forEach(function (item) {
      var canvas = document.getElementById(item.id);
      if (!canvas) { return; }
      new Chart(canvas, {
        type: "line",
        data: { labels: data.months, datasets: [{ label: item.unit ? item.name + " (" + item.unit + ")" : item.name, data: item.values, spanGaps: true }] },
        options: Object.assign({}, common, {
          plugins: { title: { display: true, text: item.name }, legend: { display: false } },
          scales: { y: { beginAtZero: true } }
        })
      });
    });
    var incidents = document.getElementById("chart-incidents");
    if (incidents && data.incidents) {
      new Chart(incidents, {
        type: "bar",
        data: { labels: data.months, datasets: [{ label: data.labels.incidents, data: data.incidents, backgroundColor: "#c62828" }] },
        options: Object.assign({}, common, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
      });
    }
    var visits = document.getElementById("chart-visits");
    if (visits && data.visits) {
      new Chart(visits, {
        type: "bar",
        data: { labels: data.months, datasets: [{ label: data.labels.visits, data: data.visits, backgroundColor: "#1f6fd1" }] },
        options: Object.assign({}, common, { scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } })
      });
    }
    var budget = document.getElementById("chart-budget");
    if (budget && data.spent) {
      new Chart(budget, {
        type: "line",
        data: {
          labels: data.months,
          datasets: [
            { label: data.labels.spent, data: data.spent, borderColor: "#1f6fd1" },
            { label: data.labels.ceiling, data: data.months.map(function () { return data.ceiling; }), borderColor: "#555", borderDash: [6, 4], pointRadius: 0 }
          ]
        },
        options: Object.assign({}, common, { scales: { y: { beginAtZero: true } } })
      });
    }
  }

  var situationColours = { peaceful: "#2e7d32", not_peaceful: "#c62828", unmonitored: "#9e9e9e" };
  var gradeColours = {
    sangat_baik: "#1b5e20", baik: "#a5d6a7", cukup: "#f9a825", kurang: "#ef6c00",
    sangat_kurang: "#b71c1c", none: "#ffffff"
  };

  function drawShapes(el, url, styleOf, onEach) {
    if (typeof L === "undefined") { return; }
    var map = L.map(el, { zoomSnap: 0.25 });
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, { maxZoom: 18, attribution: el.dataset.tileAttribution || "" }).addTo(map);
    }
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      })
      .then(function (data) {
        var layer = L.geoJSON(data, { style: styleOf, onEachFeature: onEach }).addTo(map);
        if (data.features.length) {
          map.fitBounds(layer.getBounds(), { padding: [8, 8] });
        } else {
          map.setView([-8.2, 113.2], 10);
          var empty = document.createElement("p");
          empty.className = "small text-body-secondary";
          empty.textContent = el.dataset.emptyText || "";
          el.parentNode.insertBefore(empty, el.nextSibling);
        }
        el.dataset.loaded = String(data.features.length);
      })
      .catch(function () { el.dataset.loaded = "error"; map.setView([-8.2, 113.2], 10); });
  }

  function situationMap() {
    var el = document.getElementById("situation-map");
    var levels = readJSON("situation-levels");
    if (!el || !levels) { return; }
    drawShapes(el, el.dataset.geojsonUrl, function (feature) {
      var item = levels[feature.properties.code];
      var level = item ? item.level : "unmonitored";
      return { color: "#234", weight: 1.5, fillColor: situationColours[level], fillOpacity: 0.6 };
    }, function (feature, shape) {
      var item = levels[feature.properties.code];
      var text = feature.properties.name + (item ? " — " + item.label : "");
      shape.bindTooltip(text, { direction: "center", className: "village-label" });
      if (item && item.url) {
        shape.on("click", function () { window.location.href = item.url; });
      }
    });
  }

  function acrossMap() {
    var el = document.getElementById("across-map");
    if (!el) { return; }
    drawShapes(el, el.dataset.geojsonUrl, function (feature) {
      var grade = feature.properties.grade || "none";
      return { color: "#234", weight: 0.8, fillColor: gradeColours[grade] || "#ffffff", fillOpacity: 0.7 };
    }, function (feature, shape) {
      var p = feature.properties;
      var text = p.district_name + ": " + (p.achievement === null ? "-" : p.achievement + "%") + " (" + p.grade_label + ")";
      shape.bindTooltip(text);
      if (p.url) { shape.on("click", function () { window.location.href = p.url; }); }
    });
  }

  function printButtons() {
    Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    drawCharts();
    situationMap();
    acrossMap();
    printButtons();
  });
})();
