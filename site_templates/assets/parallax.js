/*
 * Parallax: sortable tables, without any library.
 *
 * Every table with the class "px-sortable" (or inside an element with it)
 * gets a button in each column header: a click sorts the rows by that
 * column, a second click reverses the order. A cell sorts by the
 * data-sort attribute of the cell or of the first element in it that has
 * one (a number: the renderer's order of statuses, a count), else by its
 * text; numbers come before text, text in the page language's order
 * (Intl.Collator, "2" before "10"). Equal keys keep their previous order.
 * aria-sort on the header tells assistive technology which column sorts
 * the table, and how. Runs on DOMContentLoaded, and again on each page
 * that Material's instant navigation shows (document$), when it is on.
 */
(function () {
  "use strict";

  var collator = new Intl.Collator(document.documentElement.lang || undefined, {
    numeric: true,
    sensitivity: "base"
  });

  function sortKey(cell) {
    var holder = cell.hasAttribute("data-sort") ? cell : cell.querySelector("[data-sort]");
    var text = (holder ? holder.getAttribute("data-sort") : cell.textContent).trim();
    var number = text !== "" && /^-?\d+(\.\d+)?$/.test(text) ? parseFloat(text) : NaN;
    return { number: number, text: text };
  }

  function compare(a, b) {
    var aNumber = !isNaN(a.number);
    var bNumber = !isNaN(b.number);
    if (aNumber && bNumber) {
      return a.number - b.number;
    }
    if (aNumber !== bNumber) {
      return aNumber ? -1 : 1;
    }
    return collator.compare(a.text, b.text);
  }

  function sort(table, column, header) {
    var body = table.tBodies[0];
    if (!body) {
      return;
    }
    var ascending = header.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
      th.removeAttribute("aria-sort");
      var mark = th.querySelector(".px-sort-mark");
      if (mark) {
        mark.textContent = "";
      }
    });
    header.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    header.querySelector(".px-sort-mark").textContent = ascending ? " ▲" : " ▼";
    var rows = Array.prototype.map.call(body.rows, function (row, index) {
      var cell = row.cells[column];
      return { row: row, index: index, key: cell ? sortKey(cell) : { number: NaN, text: "" } };
    });
    rows.sort(function (a, b) {
      var order = compare(a.key, b.key);
      return (ascending ? order : -order) || a.index - b.index;
    });
    rows.forEach(function (item) {
      body.appendChild(item.row);
    });
  }

  function enable(table) {
    if (table.getAttribute("data-px-sortable") === "on" || !table.tHead || !table.tHead.rows.length) {
      return;
    }
    table.setAttribute("data-px-sortable", "on");
    table.classList.add("px-sortable");
    Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th, column) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "px-sort";
      // Looks like the header it replaces; the arrow shows the order in use.
      button.style.cssText =
        "font: inherit; color: inherit; background: none; border: 0; padding: 0; " +
        "cursor: pointer; text-align: inherit;";
      while (th.firstChild) {
        button.appendChild(th.firstChild);
      }
      var mark = document.createElement("span");
      mark.className = "px-sort-mark";
      mark.setAttribute("aria-hidden", "true");
      button.appendChild(mark);
      th.appendChild(button);
      button.addEventListener("click", function () {
        sort(table, column, th);
      });
    });
  }

  function enableAll() {
    var tables = document.querySelectorAll("table.px-sortable, .px-sortable table");
    Array.prototype.forEach.call(tables, enable);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enableAll);
  } else {
    enableAll();
  }
  // Material for MkDocs announces each page it shows through document$ (instant navigation).
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(enableAll);
  }
})();
