// Small behaviours that would otherwise be inline scripts, handlers or style attributes, which
// the Content Security Policy forbids (docs/dev/security.md):
//   <button data-print>                     prints the page (was onclick="window.print()")
//   <div class="progress-bar" data-percent>  the bar's width (was style="width: N%")
// Loaded on every page by base.html; runs again on content that htmx swaps in.
(function () {
  "use strict";

  function apply(root) {
    root.querySelectorAll("[data-percent]").forEach(function (bar) {
      var percent = Math.max(0, Math.min(100, parseFloat(bar.dataset.percent)));
      if (!isNaN(percent)) { bar.style.width = percent + "%"; }
    });
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  if (window.htmx) {
    window.htmx.onLoad(apply);  // the whole page once, then every swapped fragment
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { apply(document); });
  } else {
    apply(document);
  }
})();
