// The multi-year chart; its figures are the table beside it (#multi-year-table).
(function () {
  const source = document.getElementById("multi-year-data");
  const canvas = document.getElementById("chart-multi-year");
  if (!source || !canvas || typeof Chart === "undefined") return;
  const data = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "line",
    data: data,
    options: { spanGaps: false, plugins: { legend: { position: "bottom" } } },
  });
})();
