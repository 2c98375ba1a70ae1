/*
 * The questionnaire, before it is sent: a question left unanswered is named beside it (the same
 * words the server uses, from data-unanswered) and in the summary at the top, which takes the
 * focus and links to each one, without a
 * round trip on a slow phone connection. Only a help: without JavaScript, or for anything else,
 * the server checks the form and opens the page at the first field in error. No library.
 */
(function () {
  "use strict";

  function note(card) {
    var existing = card.querySelector("#error-" + card.dataset.code);
    if (existing) {
      return existing;
    }
    var message = document.createElement("div");
    message.id = "error-" + card.dataset.code;
    message.className = "text-danger small mb-2 fw-semibold";
    message.textContent = card.dataset.unanswered;
    var label = card.querySelector("#label-" + card.dataset.code);
    label.insertAdjacentElement("afterend", message);
    var group = card.querySelector("[role=radiogroup]");
    if (group) {
      group.setAttribute("aria-describedby", message.id);
    }
    return message;
  }

  function check(form) {
    var first = null;
    form.querySelectorAll(".question[data-unanswered]").forEach(function (card) {
      if (card.querySelector("input[type=radio]:checked")) {
        return;
      }
      card.classList.add("border-danger");
      note(card);
      first = first || card;
    });
    return first;
  }

  // The summary at the top of the form names every unanswered question and links to it; it
  // takes the focus, as a summary the server sends back does (core/form-errors.js).
  function summarise(form) {
    var summary = form.querySelector("#error-summary");
    if (!summary) {
      return null;
    }
    var list = summary.querySelector("ul");
    form.querySelectorAll(".question[data-unanswered]").forEach(function (card) {
      var href = "#question-" + card.dataset.code;
      var item = list.querySelector("a[href='" + href + "']");
      var answered = card.querySelector("input[type=radio]:checked");
      if (answered && item) {
        item.closest("li").remove();
      } else if (!answered && !item) {
        var li = document.createElement("li");
        var link = document.createElement("a");
        link.href = href;
        link.className = "alert-link";
        link.textContent = card.dataset.unanswered;
        li.appendChild(link);
        list.appendChild(li);
      }
    });
    summary.hidden = false;
    summary.setAttribute("data-error-summary", "");
    return summary;
  }

  document.querySelectorAll("form[data-questionnaire]").forEach(function (form) {
    form.addEventListener("change", function (event) {
      var card = event.target.closest(".question[data-unanswered]");
      if (card && event.target.checked) {
        card.classList.remove("border-danger");
        var message = card.querySelector("#error-" + card.dataset.code);
        if (message) {
          message.remove();
        }
      }
    });
    form.addEventListener("submit", function (event) {
      var card = check(form);
      if (!card) {
        return;
      }
      event.preventDefault();
      var summary = summarise(form);
      if (summary) {
        summary.focus({ preventScroll: true });
        summary.scrollIntoView({ block: "start" });
        return;
      }
      var radio = card.querySelector("input[type=radio]");
      if (radio) {
        radio.focus({ preventScroll: true });
      }
      card.scrollIntoView({ block: "center" });
    });
  });
})();
