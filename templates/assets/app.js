/* svcgen site: sorting and filtering of index tables, search, printing.
 * Everything works without it; it only improves the pages. */
(function () {
	"use strict";

	function text(cell) {
		var v = cell.getAttribute("data-sort");
		return v !== null ? v : cell.textContent;
	}

	function sortBy(table, col, th) {
		var tbody = table.tBodies[0];
		var rows = Array.prototype.slice.call(tbody.rows);
		var dir = th.getAttribute("aria-sort") === "ascending" ? -1 : 1;
		var heads = table.tHead.rows[0].cells;
		for (var i = 0; i < heads.length; i++) heads[i].removeAttribute("aria-sort");
		th.setAttribute("aria-sort", dir === 1 ? "ascending" : "descending");
		rows.sort(function (a, b) {
			var x = text(a.cells[col]), y = text(b.cells[col]);
			var nx = Number(x), ny = Number(y);
			if (x !== "" && y !== "" && !isNaN(nx) && !isNaN(ny)) return (nx - ny) * dir;
			return (x < y ? -1 : x > y ? 1 : 0) * dir;
		});
		rows.forEach(function (r) { tbody.appendChild(r); });
	}

	Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), function (table) {
		var heads = table.tHead.rows[0].cells;
		Array.prototype.forEach.call(heads, function (th, col) {
			th.tabIndex = 0;
			th.addEventListener("click", function () { sortBy(table, col, th); });
			th.addEventListener("keydown", function (e) {
				if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sortBy(table, col, th); }
			});
		});
	});

	Array.prototype.forEach.call(document.querySelectorAll("input[data-filter]"), function (input) {
		var table = document.getElementById(input.getAttribute("data-filter"));
		if (!table) return;
		input.addEventListener("input", function () {
			var q = input.value.trim().toLowerCase();
			Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
				row.hidden = q !== "" && row.textContent.toLowerCase().indexOf(q) < 0;
			});
		});
	});

	var search = document.querySelector("input[data-search]");
	if (search && window.SVCGEN_INDEX) {
		var results = document.getElementById("results");
		var status = document.getElementById("search-status");
		var run = function () {
			var q = search.value.trim().toLowerCase();
			results.textContent = "";
			if (q === "") { status.textContent = ""; return; }
			var hits = window.SVCGEN_INDEX.filter(function (e) {
				return e[1].toLowerCase().indexOf(q) >= 0 || e[2].toLowerCase().indexOf(q) >= 0;
			}).slice(0, 200);
			hits.forEach(function (e) {
				var li = document.createElement("li");
				var a = document.createElement("a");
				a.href = e[3] + "/" + encodeURIComponent(e[1]) + ".html";
				a.textContent = e[1];
				li.appendChild(a);
				li.appendChild(document.createTextNode(" " + e[2] + " · " + e[0]));
				results.appendChild(li);
			});
			status.textContent = String(hits.length);
		};
		search.addEventListener("input", run);
		var m = /[?&]q=([^&]*)/.exec(location.search);
		if (m) { search.value = decodeURIComponent(m[1].replace(/\+/g, " ")); run(); }
	}

	Array.prototype.forEach.call(document.querySelectorAll("[data-print]"), function (b) {
		b.addEventListener("click", function () { window.print(); });
	});
})();
