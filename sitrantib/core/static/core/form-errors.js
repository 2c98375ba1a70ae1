/*
 * A refused form shows its first error on screen: the page scrolls to the first field in error
 * (or to the form's own error box when no field is named) and puts the cursor in it, so a user
 * whose form was sent back at the bottom of a long page sees why at once. Closed <details>
 * around it are opened. Runs on page load and after htmx swaps a form in. No library.
 */
(function () {
  "use strict";

  function firstError(root) {
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
