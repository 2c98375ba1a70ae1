/* Charts of the survey results page (Chart.js, local). Redrawn after htmx refreshes the block. */
(function () {
  "use strict";
  var charts = [];

  function draw() {
    var source = document.getElementById("survey-chart-data");
    if (!source || typeof Chart === "undefined") { return; }
    var data = JSON.parse(source.textContent);
    charts.forEach(function (chart) { chart.destroy(); });
    charts = [];
    var elements = document.getElementById("chart-elements");
    if (elements) {
      charts.push(new Chart(elements, {
        type: "bar",
        data: { labels: data.elements.labels, datasets: [{ label: "NRR × 25", data: data.elements.values }] },
        options: { animation: false, maintainAspectRatio: false, indexAxis: "y",
          scales: { x: { min: 25, max: 100 } }, plugins: { legend: { display: false } } }
      }));
    }
    data.profile.forEach(function (item, index) {
      var canvas = document.getElementById("chart-profile-" + index);
      if (canvas) {
        charts.push(new Chart(canvas, {
          type: "doughnut",
          data: { labels: item.labels, datasets: [{ data: item.values }] },
          options: { animation: false, maintainAspectRatio: false,
            plugins: { title: { display: true, text: item.title }, legend: { position: "bottom" } } }
        }));
      }
    });
    var trend = document.getElementById("chart-trend");
    if (trend) {
      charts.push(new Chart(trend, {
        type: "line",
        data: { labels: data.trend.labels, datasets: [{ label: "IKM", data: data.trend.values }] },
        options: { animation: false, maintainAspectRatio: false, scales: { y: { min: 25, max: 100 } } }
      }));
    }
  }

  document.addEventListener("DOMContentLoaded", draw);
  document.body.addEventListener("htmx:afterSwap", draw);
})();
