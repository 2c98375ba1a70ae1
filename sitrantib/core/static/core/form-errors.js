/*
 * A refused form shows its errors on screen: the page moves the focus to the summary of errors at
 * the top of the form (which links to each field in error), else to the first field in error
 * (or to the form's own error box when no field is named), so a user
 * whose form was sent back at the bottom of a long page sees why at once. Closed <details>
 * around it are opened. Runs on page load and after htmx swaps a form in. No library.
 */
(function () {
  "use strict";

  function firstError(root) {
    // A refused form's summary (core/forms/form.html, the questionnaire's own) comes first: it
    // names every field in error and links to each one (WCAG 3.3.1, docs/adr/0055).
    var summary = root.querySelector("[data-error-summary]");
    if (summary) {
      return summary;
    }
    var field = root.querySelector(
      "form .is-invalid:not([type=hidden]), form [aria-invalid=true]:not([type=hidden])"
    );
    if (field) {
      return field;
    }
    return root.querySelector("form .form-errors, [data-form-error]");
  }

  function reveal(target) {
    for (var node = target.parentElement; node; node = node.parentElement) {
      if (node.tagName === "DETAILS" && !node.open) {
        node.open = true;
      }
    }
    if (typeof target.focus === "function") {
      if (!target.matches("input, select, textarea, button, [tabindex]")) {
        target.setAttribute("tabindex", "-1");
      }
      try {
        target.focus({ preventScroll: true });
      } catch (e) {
        target.focus();
      }
    }
    target.scrollIntoView({ block: "center", behavior: "instant" });
  }

  function showFirstError(root) {
    var target = firstError(root || document);
    if (target) {
      reveal(target);
    }
    return target;
  }

  function keepInView(target) {
    // Images, fonts and other scripts may still move the page after it is parsed: once the page
    // has loaded, bring the error back into view unless the user has moved on.
    window.addEventListener("load", function () {
      if (document.activeElement === target) {
        target.scrollIntoView({ block: "center", behavior: "instant" });
      }
    });
  }

  // A link of the summary puts the cursor in its field (a plain #anchor only scrolls).
  document.addEventListener("click", function (event) {
    var link = event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(link.getAttribute("href").slice(1));
    if (!target) {
      return;
    }
    var field = target.matches("input, select, textarea")
      ? target
      : target.querySelector("input:not([type=hidden]), select, textarea");
    event.preventDefault();
    reveal(field || target);
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      var target = showFirstError(document);
      if (target) {
        keepInView(target);
      }
    });
  } else {
    showFirstError(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) {
    showFirstError(event.target);
  });
})();
