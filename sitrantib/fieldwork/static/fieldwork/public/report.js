// The citizen report form: one tap sends once. The button is disabled while the page sends (a
// second tap would only resend the same report: the hidden client id makes it one report).
(function () {
  "use strict";
  var form = document.querySelector("[data-report-form]");
  var button = form ? form.querySelector("button[type=submit]") : null;
  if (!form || !button) {
    return;
  }
  var label = button.textContent;
  form.addEventListener("submit", function () {
    window.setTimeout(function () {
      button.disabled = true;
      if (button.dataset.sendingLabel) {
        button.textContent = button.dataset.sendingLabel;
      }
    }, 0);
  });
  // Back from the browser's page cache (after going back): the button works again.
  window.addEventListener("pageshow", function () {
    button.disabled = false;
    button.textContent = label;
  });
})();
