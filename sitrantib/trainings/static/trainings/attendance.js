/*
 * Attendance of one session: each tap is saved at once. Without JavaScript the page is a plain
 * form and "Simpan kehadiran" posts the whole list; with it, a changed choice is sent alone to
 * the same address (answered in JSON), one request after the other so the last tap wins, and
 * the counts follow. A tap that could not be saved says so on its row; the Save button still
 * posts the whole list. No library.
 */
(function () {
  "use strict";

  var form = document.getElementById("attendance-form");
  if (!form || !window.fetch || !window.FormData) {
    return;
  }
  var token = form.querySelector("[name=csrfmiddlewaretoken]");
  var queue = Promise.resolve();

  function setState(row, state, text) {
    var target = row && row.querySelector("[data-state]");
    if (!target) {
      return;
    }
    target.setAttribute("data-state", state);
    target.textContent = text || form.getAttribute("data-msg-" + state) || "";
  }

  function updateCounts(counts) {
    if (!counts) {
      return;
    }
    Object.keys(counts).forEach(function (key) {
      var node = document.querySelector('#attendance-counts [data-count="' + key + '"]');
      if (node) {
        node.textContent = String(counts[key]);
      }
    });
  }

  function send(input, row) {
    var data = new FormData();
    data.append("csrfmiddlewaretoken", token ? token.value : "");
    data.append(input.name, input.value);
    return fetch(form.action, {
      method: "POST",
      body: data,
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.json().then(function (body) {
          return { ok: response.ok, body: body };
        });
      })
      .then(function (result) {
        if (result.ok) {
          setState(row, "saved");
          updateCounts(result.body.counts);
        } else {
          setState(row, "error", result.body && result.body.detail);
        }
      })
      .catch(function () {
        setState(row, "error");
      });
  }

  form.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input.btn-check[type=radio]")) {
      return;
    }
    var row = input.closest(".attendance-row");
    setState(row, "saving");
    queue = queue.then(function () {
      return send(input, row);
    });
  });
})();
