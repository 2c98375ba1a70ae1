/* SiTrantib: list tables on phones and wide tables on desktops, for every page at once.
 *
 * Every `.table` inside <main> is prepared once:
 *  - each body cell gets `data-label` with its column's header text (several header rows are
 *    joined, colspan/rowspan respected), so the CSS can show a row as a card of "label: value"
 *    lines on a phone (sitrantib.css, below 576 px);
 *  - a table not already inside a scrolling container is wrapped in `.table-responsive`, so a
 *    wide table scrolls inside its box on a desktop instead of being clipped or widening the page;
 *  - a box that scrolls gets tabindex="0", role="region" and a name (the table's caption or the
 *    heading before it), so it can be reached and scrolled with the keyboard.
 * A table that must stay a table on phones too says so: <table class="table" data-cards="off">.
 * Cells that already carry a data-label keep it. Content swapped in by htmx is prepared as well.
 * No library; without JavaScript the tables stay tables inside their scrolling boxes.
 */
(function () {
  "use strict";

  function text(cell) {
    var clone = cell.cloneNode(true);
    clone.querySelectorAll(".visually-hidden, .sr-only").forEach(function (n) { n.remove(); });
    return (clone.textContent || "").replace(/\s+/g, " ").trim();
  }

  // The header text of each column: a grid of the header rows with their spans.
  function columnLabels(table) {
    var head = table.tHead;
    if (!head) { return []; }
    var grid = [];
    Array.prototype.forEach.call(head.rows, function (row, r) {
      grid[r] = grid[r] || [];
      var c = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        while (grid[r][c] !== undefined) { c += 1; }
        var label = text(cell);
        for (var dr = 0; dr < (cell.rowSpan || 1); dr += 1) {
          grid[r + dr] = grid[r + dr] || [];
          for (var dc = 0; dc < (cell.colSpan || 1); dc += 1) { grid[r + dr][c + dc] = label; }
        }
        c += cell.colSpan || 1;
      });
    });
    var width = grid.reduce(function (w, row) { return Math.max(w, row.length); }, 0);
    var labels = [];
    for (var c = 0; c < width; c += 1) {
      var parts = [];
      grid.forEach(function (row) {
        var part = row[c];
        if (part && parts.indexOf(part) === -1) { parts.push(part); }
      });
      labels.push(parts.join(" · "));
    }
    return labels;
  }

  function labelCells(table, labels) {
    var sections = Array.prototype.slice.call(table.tBodies);
    if (table.tFoot) { sections.push(table.tFoot); }
    sections.forEach(function (section) {
      Array.prototype.forEach.call(section.rows, function (row) {
        var c = 0;
        Array.prototype.forEach.call(row.cells, function (cell) {
          var span = cell.colSpan || 1;
          if (!cell.hasAttribute("data-label")) {
            // A cell spanning the whole row (an empty-list message) needs no label.
            var label = span > 1 && span >= labels.length ? "" : labels[c] || "";
            cell.setAttribute("data-label", label);
          }
          c += span;
        });
      });
    });
  }

  function scrolls(element) {
    var overflow = window.getComputedStyle(element).overflowX;
    return overflow === "auto" || overflow === "scroll";
  }

  function wrapForScrolling(table) {
    var parent = table.parentElement;
    if (!parent || parent.classList.contains("table-responsive") || scrolls(parent)) { return; }
    var box = document.createElement("div");
    box.className = "table-responsive";
    parent.insertBefore(box, table);
    box.appendChild(table);
  }

  // A box that scrolls sideways must be reachable and named for a keyboard and screen-reader
  // user (WCAG 2.1.1, axe "scrollable-region-focusable"): it becomes a focusable, named region
  // while it overflows, and an ordinary box again when it fits (no needless tab stop).
  function boxName(box) {
    var table = box.querySelector("table");
    if (!table) { return ""; }
    if (table.getAttribute("aria-label")) { return table.getAttribute("aria-label"); }
    if (table.caption) { return text(table.caption); }
    var labelledby = table.getAttribute("aria-labelledby");
    if (labelledby && document.getElementById(labelledby)) {
      return text(document.getElementById(labelledby));
    }
    // The nearest heading before the table names it ("Anggota", "Hasil per unsur" ...).
    var headings = document.querySelectorAll("main h1, main h2, main h3, main h4, main h5");
    var name = "";
    Array.prototype.forEach.call(headings, function (h) {
      if (h.compareDocumentPosition(box) & Node.DOCUMENT_POSITION_FOLLOWING) { name = text(h); }
    });
    return name || document.title;
  }

  function markScrolling(box) {
    var overflows = box.scrollWidth > box.clientWidth + 1;
    if (overflows && !box.hasAttribute("data-scroll-region")) {
      box.setAttribute("data-scroll-region", "");
      box.setAttribute("tabindex", "0");
      box.setAttribute("role", "region");
      if (!box.hasAttribute("aria-label") && !box.hasAttribute("aria-labelledby")) {
        box.setAttribute("aria-label", boxName(box));
      }
    } else if (!overflows && box.hasAttribute("data-scroll-region")) {
      box.removeAttribute("data-scroll-region");
      box.removeAttribute("tabindex");
      box.removeAttribute("role");
    }
  }

  function markAllScrolling() {
    document.querySelectorAll("main .table-responsive").forEach(markScrolling);
  }

  var resizeTimer = null;
  window.addEventListener("resize", function () {
    window.clearTimeout(resizeTimer);
    resizeTimer = window.setTimeout(markAllScrolling, 100);
  });
  // A table inside a <details> or a tab only gets a width once it is shown.
  document.addEventListener("toggle", markAllScrolling, true);
  document.addEventListener("shown.bs.tab", markAllScrolling);
  document.addEventListener("shown.bs.collapse", markAllScrolling);

  function prepare(root) {
    var scope = root && root.querySelectorAll ? root : document;
    var tables = Array.prototype.slice.call(scope.querySelectorAll("main table.table"));
    if (scope.matches && scope.matches("main table.table")) { tables.push(scope); }
    tables.forEach(function (table) {
      if (table.hasAttribute("data-cards-ready")) { return; }
      table.setAttribute("data-cards-ready", "");
      wrapForScrolling(table);
      if (table.getAttribute("data-cards") === "off") { return; }
      labelCells(table, columnLabels(table));
      table.classList.add("table-cards");
      var box = table.parentElement;
      if (box && box.classList.contains("table-responsive")) { box.classList.add("table-cards-box"); }
    });
    markAllScrolling();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { prepare(document); });
  } else {
    prepare(document);
  }
  document.addEventListener("htmx:load", function (event) { prepare(event.target); });
  window.SiTrantibTables = { prepare: prepare };
})();
