/* Charts and tables on the management-information pages (no inline scripts).
 *
 * Charts: <figure class="chart"><div class="chart__canvas" data-spec="ID"></div>…
 *   with <script type="application/json" id="ID"> holding a Vega-Lite specification
 *   (built on the server by naervaer.insight.charts, the same one the PDF uses).
 *   Every chart has a table alternative next to it.
 * Tables: <table data-sortable> get sortable columns (buttons in the headers, numbers
 *   sorted by data-value); <input data-filter-table="TABLE_ID"> filters rows by text.
 */
(function () {
  "use strict";

  function renderCharts(root) {
    if (typeof window.vegaEmbed !== "function") { return; }
    root.querySelectorAll("[data-spec]").forEach(function (element) {
      if (element.dataset.rendered) { return; }
      var source = document.getElementById(element.dataset.spec);
      if (!source) { return; }
      element.dataset.rendered = "1";
      var spec = JSON.parse(source.textContent);
      // Content-Security-Policy: no eval (ast + Vega's expression interpreter bundled in
      // vega-embed) and no injected <style> (vendor/vega-embed.css holds those rules).
      window.vegaEmbed(element, spec, {
        actions: false, renderer: "svg", ast: true, defaultStyle: false,
        tooltip: { disableDefaultStyle: true }
      })
        .then(function () {
          // The container is the image (role="img" with a label); the numbers are in the
          // table beside it. The drawing itself is hidden from assistive technology.
          element.querySelectorAll("svg").forEach(function (svg) {
            svg.setAttribute("aria-hidden", "true");
            svg.setAttribute("focusable", "false");
          });
          element.setAttribute("data-chart-ready", "1");
        })
        .catch(function (error) { element.textContent = String(error); });
    });
  }

  function cellKey(row, index) {
    var cell = row.children[index];
    if (!cell) { return ""; }
    if (cell.hasAttribute("data-value")) { return parseFloat(cell.getAttribute("data-value")); }
    return cell.textContent.trim().toLocaleLowerCase("da");
  }

  function sortTable(table, index, button) {
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var ascending = button.getAttribute("aria-sort") !== "ascending";
    rows.sort(function (a, b) {
      var x = cellKey(a, index), y = cellKey(b, index);
      var missingX = x === "" || x === "–", missingY = y === "" || y === "–";
      if (missingX !== missingY) { return missingX ? 1 : -1; }
      var order = typeof x === "number" && typeof y === "number" ? x - y : String(x).localeCompare(String(y), "da");
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
    table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    table.querySelectorAll("button.sort").forEach(function (b) { b.removeAttribute("aria-sort"); });
    button.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    button.closest("th").setAttribute("aria-sort", ascending ? "ascending" : "descending");
  }

  function enableSorting(root) {
    root.querySelectorAll("table[data-sortable] button.sort").forEach(function (button) {
      if (button.dataset.bound) { return; }
      button.dataset.bound = "1";
      button.addEventListener("click", function () {
        sortTable(button.closest("table"), parseInt(button.dataset.column, 10), button);
      });
    });
  }

  function enableFilters(root) {
    root.querySelectorAll("input[data-filter-table]").forEach(function (input) {
      if (input.dataset.bound) { return; }
      input.dataset.bound = "1";
      input.addEventListener("input", function () {
        var table = document.getElementById(input.dataset.filterTable);
        if (!table) { return; }
        var needle = input.value.trim().toLocaleLowerCase("da");
        Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
          row.hidden = needle !== "" && row.textContent.toLocaleLowerCase("da").indexOf(needle) === -1;
        });
      });
    });
  }

  function init(root) {
    renderCharts(root);
    enableSorting(root);
    enableFilters(root);
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:afterSettle", function (event) { init(event.target); });
})();
