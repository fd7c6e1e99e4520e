// nf report: hover tips, sortable and filterable tables, the sweep's metric choice. No network, no libraries.
(function () {
  "use strict";
  var tip = document.getElementById("tip");
  function target(e) { return e.target && e.target.closest ? e.target.closest("[data-tip]") : null; }
  function place(x, y) {
    var w = tip.offsetWidth, left = x + 14;
    if (left + w > window.scrollX + document.documentElement.clientWidth - 8) left = Math.max(8, x - w - 14);
    tip.style.left = left + "px";
    tip.style.top = (y + 14) + "px";
  }
  function show(el, x, y) {
    tip.textContent = el.getAttribute("data-tip");
    tip.hidden = false;
    place(x, y);
    el.classList.add("hot");
  }
  function hide(el) { tip.hidden = true; if (el) el.classList.remove("hot"); }
  document.addEventListener("mouseover", function (e) { var el = target(e); if (el) show(el, e.pageX, e.pageY); });
  document.addEventListener("mousemove", function (e) { if (!tip.hidden) place(e.pageX, e.pageY); });
  document.addEventListener("mouseout", function (e) {
    var el = target(e);
    if (el && !(e.relatedTarget && el.contains(e.relatedTarget))) hide(el);
  });
  document.addEventListener("focusin", function (e) {
    var el = target(e);
    if (el) { var r = el.getBoundingClientRect(); show(el, r.right + window.scrollX, r.top + window.scrollY); }
  });
  document.addEventListener("focusout", function (e) { var el = target(e); if (el) hide(el); });

  function key(cell, numeric) {
    if (!cell) return numeric ? NaN : "";
    if (numeric) { var v = cell.getAttribute("data-value"); return v === null || v === "" ? NaN : Number(v); }
    return cell.textContent;
  }
  function compare(a, b, numeric) {
    if (numeric) {
      var an = isNaN(a), bn = isNaN(b);
      if (an || bn) return an === bn ? 0 : (an ? 1 : -1);
      return a < b ? -1 : a > b ? 1 : 0;
    }
    return a.localeCompare(b, undefined, { numeric: true });
  }
  function sortBy(th) {
    var table = th.closest("table"), body = table.tBodies[0];
    var column = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.getAttribute("data-type") === "number";
    var descending = th.getAttribute("aria-sort") === "ascending";
    Array.prototype.forEach.call(th.parentNode.children, function (h) { h.removeAttribute("aria-sort"); });
    th.setAttribute("aria-sort", descending ? "descending" : "ascending");
    var rows = Array.prototype.map.call(body.rows, function (row, i) {
      return { row: row, i: row.hasAttribute("data-order") ? Number(row.getAttribute("data-order")) : i, key: key(row.cells[column], numeric) };
    });
    rows.forEach(function (r) { r.row.setAttribute("data-order", r.i); });
    rows.sort(function (a, b) {
      var c = compare(a.key, b.key, numeric);
      if (c === 0) return a.i - b.i;
      return descending ? -c : c;
    });
    rows.forEach(function (r) { body.appendChild(r.row); });
  }
  document.querySelectorAll("table.data thead th").forEach(function (th) {
    th.tabIndex = 0;
    th.addEventListener("click", function () { sortBy(th); });
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(th); } });
  });

  document.querySelectorAll("input.filter").forEach(function (input) {
    var table = document.querySelector('table[data-table="' + input.getAttribute("data-filter") + '"]');
    var count = document.querySelector('[data-count="' + input.getAttribute("data-filter") + '"]');
    input.addEventListener("input", function () {
      var q = input.value.trim().toLowerCase(), shown = 0;
      Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
        var hit = q === "" || row.textContent.toLowerCase().indexOf(q) >= 0;
        row.hidden = !hit;
        if (hit) shown++;
      });
      if (count) count.textContent = shown + " of " + table.tBodies[0].rows.length + " rows";
    });
  });

  document.querySelectorAll("select[data-choose]").forEach(function (select) {
    var group = select.getAttribute("data-choose");
    function apply() {
      document.querySelectorAll('[data-choice-of="' + group + '"]').forEach(function (el) {
        el.hidden = el.getAttribute("data-choice") !== select.value;
      });
    }
    select.addEventListener("change", apply);
    apply();
  });
})();
