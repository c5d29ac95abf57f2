/* svcgen site: the small script of every page. Everything works without it
 * (index pages sort and filter through CSS, see index.mustache); it only
 * improves the pages: sortable column headers, rows moved into the order
 * shown (for screen readers) with aria-sort kept true, a free-text filter,
 * the search page, the print button. */
(function () {
	"use strict";
	var doc = document;
	doc.documentElement.className += " js";

	function each(list, fn) {
		Array.prototype.forEach.call(list, fn);
	}

	each(doc.querySelectorAll("[data-needs-script]"), function (el) {
		el.hidden = false;
	});

	/* A navigation that scrolls sideways (phones) shows the current page's link. */
	var nav = doc.querySelector("header.site nav"), here = nav && nav.querySelector("[aria-current]");
	if (here && nav.scrollWidth > nav.clientWidth)
		nav.scrollLeft = here.offsetLeft - (nav.clientWidth - here.offsetWidth) / 2;

	/* ---- Index pages ---- */
	function index(table, form) {
		var tbody = table.tBodies[0];
		var rows = Array.prototype.slice.call(tbody.rows);
		var sort = doc.getElementById("sort");
		var text = doc.getElementById("filter");
		var shown = doc.getElementById("shown");
		var empty = doc.getElementById("empty");
		var filters = form.querySelectorAll("select[data-col]");
		var heads = table.tHead.rows[0].cells;
		var order = rows.slice();

		rows.forEach(function (r, i) {
			r.setAttribute("data-i", String(i));
		});
		if (text) text.parentNode.hidden = false;

		function rank(row, col, dir) {
			var name = col === "id" ? (dir === "asc" ? "" : "--d") : (dir === "asc" ? "--a-" : "--d-") + col;
			var v = name ? parseInt(row.style.getPropertyValue(name), 10) : 0;
			return isNaN(v) ? 0 : v;
		}

		function apply() {
			var v = sort.value, cut = v.lastIndexOf("-");
			var col = v.slice(0, cut), dir = v.slice(cut + 1);
			var q = text ? text.value.trim().toLowerCase() : "";
			var n = 0, sorted, changed = false;

			sorted = rows.slice().sort(function (a, b) {
				return rank(a, col, dir) - rank(b, col, dir) ||
					Number(a.getAttribute("data-i")) - Number(b.getAttribute("data-i"));
			});
			sorted.forEach(function (r, i) {
				if (order[i] !== r) changed = true;
			});
			if (changed) {
				sorted.forEach(function (r) {
					tbody.appendChild(r);
				});
				order = sorted;
			}
			each(heads, function (th) {
				if (th.getAttribute("data-col") === col)
					th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
				else
					th.removeAttribute("aria-sort");
			});
			rows.forEach(function (r) {
				var ok = true;
				each(filters, function (sel) {
					if (sel.value && r.getAttribute("data-" + sel.getAttribute("data-col")) !== sel.value)
						ok = false;
				});
				if (ok && q) ok = r.textContent.toLowerCase().indexOf(q) >= 0;
				r.hidden = !ok;
				if (ok) n++;
			});
			if (shown) shown.textContent = String(n);
			if (empty) empty.hidden = n > 0;
		}

		each(heads, function (th) {
			var col = th.getAttribute("data-col"), b;
			if (!col) return;
			b = doc.createElement("button");
			b.type = "button";
			while (th.firstChild) b.appendChild(th.firstChild);
			th.appendChild(b);
			b.addEventListener("click", function () {
				var asc = th.getAttribute("aria-sort") !== "ascending";
				sort.value = col + (asc ? "-asc" : "-desc");
				apply();
			});
		});
		sort.addEventListener("change", apply);
		each(filters, function (sel) {
			sel.addEventListener("change", apply);
		});
		if (text) text.addEventListener("input", apply);
		form.addEventListener("submit", function (e) {
			e.preventDefault();
		});
		form.addEventListener("reset", function () {
			setTimeout(apply, 0);
		});
		/* Back to the page: the browser gives the controls their values again. */
		window.addEventListener("pageshow", apply);
		apply();
	}

	var records = doc.getElementById("records"), controls = doc.getElementById("controls");
	if (records && controls && records.tBodies.length && records.tHead) index(records, controls);

	/* ---- Search ---- */
	/* The index is in shards (docs/site.md, "Search"): search/index.js lists
	 * them; a query loads, with <script> (fetch is refused on file://), the
	 * shards of the one word whose shards are the smallest, and keeps the
	 * entries that hold every word at the start of a token. */
	var search = doc.querySelector("input[data-search]");
	var SX = window.SVCGEN_SEARCH;
	if (search && SX) {
		var shards = {}, loading = {};
		window.svcgenSearchShard = function (name, entries) {
			shards[name] = entries;
		};
		var lower = function (w) {
			return w.replace(/[A-Z]/g, function (c) {
				return c.toLowerCase();
			});
		};
		var hex = function (k) {
			var b = unescape(encodeURIComponent(k)), h = "";
			for (var i = 0; i < b.length; i++) h += (b.charCodeAt(i) + 256).toString(16).slice(1);
			return h;
		};
		/* The files that hold every token beginning with word w, and their size. */
		var files = function (w) {
			var cs = Array.from(w), d = SX.depth[cs[0]], out = { names: [], size: 0 };
			if (!d) return out;
			var keys = cs.length >= d ? [cs.slice(0, d).join("")] : Object.keys(SX.keys).filter(function (k) {
				return k.indexOf(w) === 0 && Array.from(k)[0] === cs[0];
			});
			keys.forEach(function (k) {
				var parts = SX.keys[k];
				if (!parts) return;
				parts.forEach(function (n, i) {
					out.names.push(hex(k) + (i ? "-" + i : ""));
					out.size += n;
				});
			});
			return out;
		};
		/* Does word w begin a token of s (docs/site.md, "Search")? */
		var starts = function (s, w) {
			var at = s.indexOf(w);
			while (at >= 0) {
				var c = s.charCodeAt(at), p = at ? s.charAt(at - 1) : "";
				if (c >= 128 || at === 0 || !/[0-9a-z]/.test(p)) return true;
				at = s.indexOf(w, at + 1);
			}
			return false;
		};
		var load = function (name, done) {
			if (shards[name]) return;
			if (loading[name]) return;
			var el = doc.createElement("script");
			loading[name] = el;
			el.src = "search/" + name + ".js";
			el.onload = el.onerror = function () {
				if (!shards[name]) shards[name] = [];
				done();
			};
			doc.head.appendChild(el);
		};
		var results = doc.getElementById("results");
		var status = doc.getElementById("search-status");
		var unit = status.getAttribute("data-unit") || "";
		var last = null;
		var run = function () {
			var q = search.value.trim().toLowerCase();
			if (q === last) return;
			last = q;
			results.textContent = "";
			if (q === "") {
				status.textContent = "";
				return;
			}
			/* Keys lowercase ASCII letters only, as the index does. */
			var words = lower(search.value.trim()).split(/\s+/), best = null;
			words.forEach(function (w) {
				var f = files(w);
				if (!best || f.size < best.size) best = f;
			});
			/* One part at a time, the first results shown once it has come. */
			var missing = best.names.filter(function (n) {
				return !shards[n];
			});
			if (missing.length) {
				last = null;
				load(missing[0], function () {
					if (last === null) run();
				});
				if (missing.length === best.names.length) {
					status.textContent = "";
					return;
				}
			}
			var seen = {}, hits = [];
			best.names.forEach(function (n) {
				(shards[n] || []).forEach(function (e) {
					var key = e[0] + " " + e[1];
					if (seen[key]) return;
					seen[key] = true;
					var id = lower(e[1]), title = lower(e[2]);
					if (words.every(function (w) {
						return starts(id, w) || starts(title, w);
					}))
						hits.push([SX.kinds[e[0]][0], e[1], e[2], SX.kinds[e[0]][1]]);
				});
			});
			/* The id itself first, then ids that begin with it, then the rest. */
			hits.sort(function (a, b) {
				function score(e) {
					var id = e[1].toLowerCase();
					return id === q ? 0 : id.indexOf(q) === 0 ? 1 : id.indexOf(q) >= 0 ? 2 : 3;
				}
				return score(a) - score(b) || a[1].localeCompare(b[1], "en", { numeric: true });
			});
			hits.slice(0, 200).forEach(function (e) {
				var li = doc.createElement("li");
				var a = doc.createElement("a");
				var kind = doc.createElement("span");
				a.href = e[3] + "/" + encodeURIComponent(e[1]) + ".html";
				a.textContent = e[1];
				li.appendChild(a);
				if (e[2]) li.appendChild(doc.createTextNode(" " + e[2]));
				kind.className = "kind";
				kind.textContent = " · " + e[0];
				li.appendChild(kind);
				results.appendChild(li);
			});
			status.textContent = hits.length + (missing.length ? "+" : "") + (unit ? " " + unit : "");
		};
		search.addEventListener("input", run);
		if (search.form)
			search.form.addEventListener("submit", function (e) {
				e.preventDefault();
				last = null;
				run();
			});
		var m = /[?&]q=([^&]*)/.exec(location.search);
		if (m && !search.value) {
			try {
				search.value = decodeURIComponent(m[1].replace(/\+/g, " "));
			} catch (err) {
				search.value = "";
			}
		}
		window.addEventListener("pageshow", function () {
			last = null;
			run();
		});
		run();
	}

	/* ---- Printing ---- */
	each(doc.querySelectorAll("[data-print]"), function (b) {
		b.addEventListener("click", function () {
			window.print();
		});
	});
	/* Printed, closed details would hide what they hold. */
	var opened = [];
	window.addEventListener("beforeprint", function () {
		each(doc.querySelectorAll("details:not([open])"), function (d) {
			d.open = true;
			opened.push(d);
		});
	});
	window.addEventListener("afterprint", function () {
		opened.forEach(function (d) {
			d.open = false;
		});
		opened = [];
	});
})();
