(function () {
  "use strict";
  var each = function (list, fn) { Array.prototype.forEach.call(list, fn); };
  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) { return ""; }
    var sort = cell.getAttribute("data-sort");
    var text = sort !== null ? sort : cell.textContent.trim();
    return text === "\u2013" ? "" : text;
  }
  var numeric = /^-?[0-9.]+(e-?[0-9]+)?$/i;
  function compare(a, b) {
    if (numeric.test(a) && numeric.test(b)) { return parseFloat(a) - parseFloat(b); }
    return a.localeCompare(b);
  }
  function sortTable(table, index, ascending) {
    var headers = table.tHead.rows[0].cells;
    each(headers, function (other) { other.removeAttribute("aria-sort"); });
    headers[index].setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (r1, r2) {
      var a = cellValue(r1, index), b = cellValue(r2, index);
      if (a === "" || b === "") { return (a === "") - (b === ""); }  // no number: last either way
      var order = compare(a, b);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }
  each(document.querySelectorAll("table.sortable"), function (table) {
    var headers = table.tHead.rows[0].cells;
    each(headers, function (th, index) {
      var button = document.createElement("button");
      button.type = "button";
      while (th.firstChild) { button.appendChild(th.firstChild); }  // keeps <wbr>: "Events/total" may wrap
      th.appendChild(button);
      button.addEventListener("click", function () {
        sortTable(table, index, th.getAttribute("aria-sort") !== "ascending");
      });
    });
  });
  var table = document.getElementById("evidence-table");
  var search = document.getElementById("filter-text");
  var count = document.getElementById("filter-count");
  if (!table || !search || !count) { return; }
  var rows = Array.prototype.slice.call(table.tBodies[0].rows);
  var selects = Array.prototype.slice.call(document.querySelectorAll("select[data-filter]"));
  function apply() {
    var query = search.value.trim().toLowerCase();
    var shown = 0;
    rows.forEach(function (row) {
      var keep = query === "" || row.textContent.toLowerCase().indexOf(query) !== -1;
      selects.forEach(function (select) {
        if (keep && select.value !== "" && row.getAttribute("data-" + select.getAttribute("data-filter")) !== select.value) {
          keep = false;
        }
      });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " figures shown";
  }
  search.addEventListener("input", apply);
  selects.forEach(function (select) { select.addEventListener("change", apply); });
  apply();

  // columns shown: a checkbox per column hides or shows its header and cells
  each(document.querySelectorAll("input[data-column]"), function (box) {
    box.addEventListener("change", function () {
      var index = parseInt(box.getAttribute("data-column"), 10);
      each(table.rows, function (row) { if (row.cells[index]) { row.cells[index].hidden = !box.checked; } });
    });
  });

  // sorting where the header row is not shown (narrow screens): a select
  var holder = document.createElement("label");
  holder.className = "sortable-by";
  holder.textContent = "Sort by ";
  var sortBy = document.createElement("select");
  sortBy.id = "sort-evidence";
  sortBy.appendChild(new Option("table order", ""));
  each(table.tHead.rows[0].cells, function (th, index) {
    var name = th.textContent.trim();
    sortBy.appendChild(new Option(name + " \u2191", index + ":asc"));
    sortBy.appendChild(new Option(name + " \u2193", index + ":desc"));
  });
  sortBy.addEventListener("change", function () {
    var value = sortBy.value || "0:asc";
    var parts = value.split(":");
    sortTable(table, parseInt(parts[0], 10), parts[1] === "asc");
  });
  holder.appendChild(sortBy);
  search.parentNode.parentNode.appendChild(holder);

  // a link to a row (#row-12) shows that row even when the filters hid it
  function reveal() {
    var match = /^#(row-[0-9]+)$/.exec(window.location.hash);
    if (!match) { return; }
    var row = document.getElementById(match[1]);
    if (!row) { return; }
    if (row.hidden) {
      search.value = "";
      selects.forEach(function (select) { select.value = ""; });
      apply();
    }
    row.scrollIntoView({block: "center"});
  }
  window.addEventListener("hashchange", reveal);
  reveal();
}());
