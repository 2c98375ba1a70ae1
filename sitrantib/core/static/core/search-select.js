/* Search-as-you-type for core.autocomplete.SearchSelect: a text input becomes a combobox whose
 * listbox is filled from the scoped JSON endpoint (data-url?q=). Arrow keys move, Enter chooses,
 * Escape closes. The chosen id goes to a hidden input carrying the field's name; the visible
 * input shows the label. Without this script the input stays a plain field for the id or code. */
(function () {
  "use strict";
  if (window.sitrantibSearchSelect) {
    return;
  }
  window.sitrantibSearchSelect = true;

  function setUp(root) {
    if (root.dataset.searchReady) {
      return;
    }
    root.dataset.searchReady = "1";
    var input = root.querySelector("[role=combobox]");
    var list = root.querySelector("[role=listbox]");
    var status = root.querySelector("[data-search-status]");
    var minLength = parseInt(root.dataset.minLength || "2", 10);
    var hidden = document.createElement("input");
    var options = [];
    var active = -1;
    var timer = null;
    var controller = null;

    hidden.type = "hidden";
    hidden.name = input.name;
    hidden.value = input.value;
    input.removeAttribute("name");
    root.appendChild(hidden);
    if (input.dataset.label) {
      input.value = input.dataset.label;
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      active = index;
      Array.prototype.forEach.call(list.children, function (item, i) {
        var on = i === index;
        item.classList.toggle("active", on);
        item.setAttribute("aria-selected", on ? "true" : "false");
        if (on) {
          input.setAttribute("aria-activedescendant", item.id);
          item.scrollIntoView({ block: "nearest" });
        }
      });
    }

    function choose(index) {
      var option = options[index];
      if (!option) {
        return;
      }
      hidden.value = option.id;
      input.value = option.label;
      input.dataset.label = option.label;
      close();
      hidden.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function show(items) {
      options = items;
      list.replaceChildren();
      items.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = list.id + "-" + i;
        li.className = "list-group-item list-group-item-action";
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        li.textContent = item.label;
        li.addEventListener("mousedown", function (event) {
          event.preventDefault();
          choose(i);
        });
        list.appendChild(li);
      });
      active = -1;
      if (items.length) {
        list.hidden = false;
        input.setAttribute("aria-expanded", "true");
        status.textContent = items.length + " " + root.dataset.textSome;
      } else {
        close();
        status.textContent = root.dataset.textNone;
      }
    }

    function load() {
      var query = input.value.trim();
      if (query.length < minLength) {
        options = [];
        list.replaceChildren();
        close();
        status.textContent = query ? root.dataset.textShort : "";
        return;
      }
      if (controller) {
        controller.abort();
      }
      controller = new AbortController();
      fetch(root.dataset.url + "?q=" + encodeURIComponent(query), {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
        signal: controller.signal,
      })
        .then(function (response) {
          return response.ok ? response.json() : [];
        })
        .then(show)
        .catch(function () {});
    }

    input.addEventListener("input", function () {
      // Until a choice is made the typed text is the value (an id or code still works).
      hidden.value = input.value;
      delete input.dataset.label;
      clearTimeout(timer);
      timer = setTimeout(load, 200);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        if (list.hidden && options.length) {
          list.hidden = false;
          input.setAttribute("aria-expanded", "true");
        } else if (!options.length) {
          load();
          return;
        }
        highlight(Math.min(active + 1, options.length - 1));
      } else if (event.key === "ArrowUp") {
        event.preventDefault();
        if (!list.hidden) {
          highlight(Math.max(active - 1, 0));
        }
      } else if (event.key === "Enter") {
        if (!list.hidden && active >= 0) {
          event.preventDefault();
          choose(active);
        }
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          close();
        }
      }
    });
    input.addEventListener("blur", close);
  }

  function setUpAll(container) {
    Array.prototype.forEach.call(
      (container || document).querySelectorAll("[data-search-select]"),
      setUp
    );
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () {
      setUpAll(document);
    });
  } else {
    setUpAll(document);
  }
  document.addEventListener("htmx:load", function (event) {
    setUpAll(event.target);
  });
})();
