/* svcgen site: the small script of every page. Everything works without it
 * (index pages sort and filter their own rows through CSS, see
 * index.mustache); it only improves the pages: sortable column headers,
 * sorting and filtering across the whole kind on index pages with a
 * free-text filter, the search page, the print button. */
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

	/* ---- Index pages ----
	 * A page shows its own rows (docs/site.md, "Index pages"), newest first,
	 * and sorts and filters them through CSS alone; here the rows are also
	 * moved into the order shown (for screen readers) with aria-sort kept
	 * true. Any other choice than the page as rendered sorts and filters
	 * the whole kind instead: the kind's rows-<k>.js files are loaded with
	 * <script> (fetch is refused on file://), and the rows found are shown
	 * in the table, INDEX_PAGE_ROWS at a time. */
	var BATCH = 500;

	/* Natural order, as svcgen sorts ids and text: runs of digits compare
	 * as numbers, then code points (the order of UTF-8 bytes). */
	function digit(c) {
		return c >= 48 && c <= 57;
	}
	function cpcmp(a, b) {
		var i = 0, j = 0, x, y;
		while (i < a.length && j < b.length) {
			x = a.codePointAt(i);
			y = b.codePointAt(j);
			if (x !== y) return x < y ? -1 : 1;
			i += x > 0xffff ? 2 : 1;
			j += y > 0xffff ? 2 : 1;
		}
		return i < a.length ? 1 : j < b.length ? -1 : 0;
	}
	function natcmp(a, b) {
		var i = 0, j = 0, ea, eb, x, y;
		while (i < a.length && j < b.length) {
			x = a.charCodeAt(i);
			y = b.charCodeAt(j);
			if (digit(x) && digit(y)) {
				while (a.charCodeAt(i) === 48 && digit(a.charCodeAt(i + 1))) i++;
				while (b.charCodeAt(j) === 48 && digit(b.charCodeAt(j + 1))) j++;
				for (ea = i; digit(a.charCodeAt(ea)); ea++);
				for (eb = j; digit(b.charCodeAt(eb)); eb++);
				if (ea - i !== eb - j) return ea - i < eb - j ? -1 : 1;
				for (; i < ea; i++, j++)
					if (a.charCodeAt(i) !== b.charCodeAt(j)) return a.charCodeAt(i) < b.charCodeAt(j) ? -1 : 1;
				continue;
			}
			if (x !== y) break;
			i++;
			j++;
		}
		x = i < a.length ? a.codePointAt(i) : -1;
		y = j < b.length ? b.codePointAt(j) : -1;
		if (x !== y) return x < y ? -1 : 1;
		return cpcmp(a, b);
	}
	/* Sort keys of rows-<k>.js: numbers (places in a field's values, numbers,
	 * instants) before text; null (missing) is left to the caller. */
	function keycmp(x, y) {
		var nx = typeof x === "number", ny = typeof y === "number";
		if (nx !== ny) return nx ? -1 : 1;
		if (nx) return x < y ? -1 : x > y ? 1 : 0;
		return natcmp(x, y);
	}

	function index(table, form) {
		var box = form.parentNode;
		var tbody = table.tBodies[0];
		var rows = Array.prototype.slice.call(tbody.rows);
		var sort = doc.getElementById("sort");
		var text = doc.getElementById("filter");
		var shown = doc.getElementById("shown");
		var total = doc.getElementById("total");
		var empty = doc.getElementById("empty");
		var status = doc.getElementById("idx-status");
		var more = doc.getElementById("more");
		var prev = doc.getElementById("prev");
		var next = doc.getElementById("next");
		var filters = Array.prototype.slice.call(form.querySelectorAll("select[data-col]"));
		var heads = table.tHead.rows[0].cells;
		var order = rows.slice();
		var pageTotal = total ? total.textContent : "";
		var slices = Number(box.getAttribute("data-rows")) || 0;
		var cols = [], labels = [];
		/* The page's own filter menus, put back by a reset. */
		var pageOptions = filters.map(function (sel) {
			return Array.prototype.slice.call(sel.options);
		});
		var kind = null, loading = null, failed = false, kindMenus = false;
		var found = null, foundFor = "", at = 0;
		/* A page made by another template may lack what the whole kind needs. */
		var whole = slices > 0 && status && more && prev && next && shown && total && empty;

		var times = [];
		each(heads, function (th, i) {
			if (i) {
				cols.push(th.getAttribute("data-col"));
				labels.push(th.textContent.trim());
				times.push(th.getAttribute("data-time"));
			}
		});
		rows.forEach(function (r, i) {
			r.setAttribute("data-i", String(i));
		});
		if (text) text.parentNode.hidden = false;

		/* The page's own order (newest first): the option the page selected. */
		var asMade = "id-desc";
		each(sort.options, function (o) {
			if (o.defaultSelected) asMade = o.value;
		});

		/* A row's place: its rank in the column; the id's negated descending. */
		function rank(row, col, dir) {
			var name = col === "id" ? "--a" : (dir === "asc" ? "--a-" : "--d-") + col;
			var v = parseInt(row.style.getPropertyValue(name), 10);
			return isNaN(v) ? 0 : col === "id" && dir !== "asc" ? -v : v;
		}

		function sortState() {
			var v = sort.value, cut = v.lastIndexOf("-");
			return { col: v.slice(0, cut), dir: v.slice(cut + 1) };
		}

		function heading(col, dir) {
			each(heads, function (th) {
				if (th.getAttribute("data-col") === col)
					th.setAttribute("aria-sort", dir === "asc" ? "ascending" : "descending");
				else
					th.removeAttribute("aria-sort");
			});
		}

		/* The page's rows, sorted and filtered by their ranks, as the CSS does. */
		function applyPage() {
			var st = sortState();
			var q = text ? text.value.trim().toLowerCase() : "";
			var n = 0, sorted, changed = false;

			sorted = rows.slice().sort(function (a, b) {
				return rank(a, st.col, st.dir) - rank(b, st.col, st.dir) ||
					Number(a.getAttribute("data-i")) - Number(b.getAttribute("data-i"));
			});
			sorted.forEach(function (r, i) {
				if (order[i] !== r) changed = true;
			});
			if (changed) {
				tbody.textContent = "";
				sorted.forEach(function (r) {
					tbody.appendChild(r);
				});
				order = sorted;
			}
			heading(st.col, st.dir);
			rows.forEach(function (r) {
				var ok = true;
				filters.forEach(function (sel) {
					if (sel.value && r.getAttribute("data-" + sel.getAttribute("data-col")) !== sel.value)
						ok = false;
				});
				if (ok && q) ok = r.textContent.toLowerCase().indexOf(q) >= 0;
				r.hidden = !ok;
				if (ok) n++;
			});
			if (shown) shown.textContent = String(n);
			if (total) total.textContent = pageTotal;
			if (empty) empty.hidden = n > 0;
			if (more) more.hidden = true;
		}

		/* The page as rendered: no sort but the newest first, no filter, no text. */
		function asRendered() {
			return sort.value === asMade && (!text || text.value.trim() === "") &&
				filters.every(function (sel) {
					return sel.value === "";
				});
		}

		/* Every rows-<k>.js of the kind, a few at a time; a slice in several
		 * files announces its other parts in its first. */
		function load(done) {
			if (loading) {
				loading.push(done);
				return;
			}
			loading = [done];
			var parts = [], left = slices, queue = [], active = 0, complete = 0;
			var word = box.getAttribute("data-loading") || "";
			for (var k = 1; k <= slices; k++) queue.push([k, 1]);
			window.svcgenRows = function (k, p, n, list) {
				if (!parts[k]) parts[k] = { n: n, got: 0, lists: [] };
				if (p === 1)
					for (var q = 2; q <= n; q++) queue.push([k, q]);
				parts[k].lists[p - 1] = list;
				parts[k].got++;
				if (parts[k].got === parts[k].n) complete++;
			};
			function progress() {
				status.textContent = word + " " + complete + "/" + slices;
			}
			function finish() {
				var all = [];
				window.svcgenRows = undefined;
				status.removeAttribute("aria-busy");
				if (failed) {
					status.textContent = box.getAttribute("data-failed") || "";
				} else {
					status.textContent = "";
					for (var k = 1; k <= slices; k++)
						parts[k].lists.forEach(function (list) {
							list.forEach(function (r) {
								all.push({ id: r[0], href: r[1], cells: r[2], keys: r[3], pos: all.length, t: null });
							});
						});
					kind = all;
				}
				var waiting = loading;
				loading = null;
				waiting.forEach(function (fn) {
					fn();
				});
			}
			function pump() {
				while (!failed && active < 4 && queue.length) {
					var job = queue.shift(), el = doc.createElement("script");
					active++;
					el.src = "rows-" + job[0] + (job[1] > 1 ? "-" + job[1] : "") + ".js";
					el.onload = function () {
						active--;
						this.parentNode.removeChild(this);
						progress();
						pump();
					};
					el.onerror = function () {
						active--;
						failed = true;
						pump();
					};
					doc.head.appendChild(el);
				}
				if (active === 0 && (failed || !queue.length)) {
					if (!failed && left !== complete) failed = true;
					finish();
				}
			}
			status.setAttribute("aria-busy", "true");
			progress();
			pump();
		}

		/* The filter menus of the whole kind: each value with its count. */
		function kindOptions() {
			filters.forEach(function (sel) {
				var c = cols.indexOf(sel.getAttribute("data-col")), seen = {}, list = [];
				var chosen = sel.value ? sel.options[sel.selectedIndex].getAttribute("data-key") : null;
				kind.forEach(function (r) {
					var key = r.keys[c], cell, name;
					if (key === null) return;
					name = JSON.stringify(key);
					if (!seen[name]) {
						cell = r.cells[c];
						seen[name] = { key: key, name: name, label: typeof cell === "string" ? cell : cell[0], n: 0 };
						list.push(seen[name]);
					}
					seen[name].n++;
				});
				list.sort(function (a, b) {
					return keycmp(a.key, b.key);
				});
				var first = sel.options[0];
				sel.textContent = "";
				sel.appendChild(first);
				list.forEach(function (v) {
					var o = doc.createElement("option");
					o.value = v.name;
					o.setAttribute("data-key", v.name);
					o.textContent = v.label + " (" + v.n + ")";
					if (v.name === chosen) o.selected = true;
					sel.appendChild(o);
				});
				if (chosen === null) first.selected = true;
			});
			kindMenus = true;
		}

		function pageOptionsBack() {
			if (!kindMenus) return;
			filters.forEach(function (sel, i) {
				sel.textContent = "";
				pageOptions[i].forEach(function (o) {
					sel.appendChild(o);
				});
				sel.options[0].selected = true;
			});
			kindMenus = false;
		}

		/* A row of rows-<k>.js as index-row.mustache shows it. */
		function row(r) {
			var tr = doc.createElement("tr"), th = doc.createElement("th"), a = doc.createElement("a");
			th.scope = "row";
			a.href = r.href;
			a.textContent = r.id;
			th.appendChild(a);
			tr.appendChild(th);
			r.cells.forEach(function (cell, c) {
				var td = doc.createElement("td"), v, into = td, tag;
				td.setAttribute("data-label", labels[c]);
				if (cell !== null) {
					if (typeof cell === "string") cell = [cell];
					if (cell[3]) {
						tag = doc.createElement("span");
						tag.className = "tag t-" + cols[c] + " k-" + cell[3];
						td.appendChild(tag);
						into = tag;
					}
					if (cell[1]) {
						v = doc.createElement("a");
						v.href = cell[1];
					} else {
						v = doc.createElement("span");
						v.className = "v" + (cell[2] ? " " + cell[2] : "");
					}
					if (times[c] && !cell[1] && !cell[2] && r.keys[c] !== null) {
						/* As the page: a date as it is, a time by its instant (the key). */
						var tm = doc.createElement("time");
						tm.setAttribute("datetime", /^\d{4}-\d\d-\d\d$/.test(cell[0]) ? cell[0] :
							new Date(r.keys[c] * 1000).toISOString().replace(".000Z", "Z"));
						tm.textContent = cell[0];
						v.appendChild(tm);
					} else {
						v.textContent = cell[0];
					}
					into.appendChild(v);
					if (cell[2] === "missing") {
						v = doc.createElement("span");
						v.className = "visually-hidden";
						v.textContent = " (" + (box.getAttribute("data-not-found") || "") + ")";
						into.appendChild(v);
					}
				}
				tr.appendChild(td);
			});
			return tr;
		}

		function text_of(r) {
			if (r.t === null)
				r.t = (r.id + " " + r.cells.map(function (cell) {
					return cell === null ? "" : typeof cell === "string" ? cell : cell[0];
				}).join(" ")).toLowerCase();
			return r.t;
		}

		/* The rows of the whole kind that the controls ask for, BATCH from `at`. */
		function applyKind() {
			var st = sortState(), c = cols.indexOf(st.col), sign = st.dir === "asc" ? 1 : -1;
			var q = text ? text.value.trim().toLowerCase() : "";
			var want = [], state;

			if (!kindMenus) kindOptions();
			filters.forEach(function (sel) {
				if (sel.value) want.push([cols.indexOf(sel.getAttribute("data-col")), JSON.parse(sel.value)]);
			});
			state = JSON.stringify([sort.value, want, q]);
			if (state !== foundFor) {
				found = kind.filter(function (r) {
					for (var i = 0; i < want.length; i++)
						if (r.keys[want[i][0]] !== want[i][1]) return false;
					return !q || text_of(r).indexOf(q) >= 0;
				});
				/* Ties newest first, as on the pages; missing values last either way. */
				/* The rows files are in the kind's order (by date, then id): ids by their own. */
				if (c < 0 && kind.length && kind[0].idr === undefined)
					kind.slice().sort(function (a, b) {
						return natcmp(a.id, b.id);
					}).forEach(function (r, i) {
						r.idr = i;
					});
				found.sort(c < 0 ? function (a, b) {
					return sign * (a.idr - b.idr);
				} : function (a, b) {
					var x = a.keys[c], y = b.keys[c];
					if ((x === null) !== (y === null)) return x === null ? 1 : -1;
					return (x === null ? 0 : sign * keycmp(x, y)) || b.pos - a.pos;
				});
				foundFor = state;
				at = 0;
			}
			if (at >= found.length) at = Math.max(0, found.length - BATCH);
			var end = Math.min(found.length, at + BATCH), frag = doc.createDocumentFragment();
			for (var i = at; i < end; i++) frag.appendChild(row(found[i]));
			box.classList.add("all");
			tbody.textContent = "";
			tbody.appendChild(frag);
			order = [];
			heading(st.col, st.dir);
			shown.textContent = found.length ? (at + 1) + "–" + end : "0";
			total.textContent = String(found.length);
			empty.hidden = found.length > 0;
			more.hidden = found.length <= BATCH;
			prev.disabled = at === 0;
			next.disabled = end >= found.length;
		}

		function apply() {
			if (asRendered() || failed || !whole) {
				if (box.classList.contains("all")) {
					pageOptionsBack();
					box.classList.remove("all");
				}
				applyPage();
				return;
			}
			if (kind) {
				applyKind();
				return;
			}
			applyPage();
			load(function () {
				if (kind && !asRendered()) applyKind();
			});
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
		filters.forEach(function (sel) {
			sel.addEventListener("change", apply);
		});
		if (text) text.addEventListener("input", apply);
		if (whole) {
			prev.addEventListener("click", function () {
				at = Math.max(0, at - BATCH);
				applyKind();
			});
			next.addEventListener("click", function () {
				at += BATCH;
				applyKind();
			});
		}
		form.addEventListener("submit", function (e) {
			e.preventDefault();
		});
		/* Back to the page as rendered: its own menus, its own rows. */
		form.addEventListener("reset", function () {
			pageOptionsBack();
			box.classList.remove("all");
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
		/* Does word w begin one of an entry's words (" · " between them), or
		 * follow a space or tab in one? */
		var startsWord = function (s, w) {
			var at = s.indexOf(w);
			while (at >= 0) {
				var p = at ? s.charAt(at - 1) : "";
				if (at === 0 || p === " " || p === "\t") return true;
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
					var id = lower(e[1]), title = lower(e[2]), more = lower(e[3] || "");
					if (words.every(function (w) {
						return starts(id, w) || starts(title, w) || startsWord(more, w);
					}))
						hits.push([SX.kinds[e[0]][0], e[1], e[2], SX.kinds[e[0]][1], e[3] || ""]);
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
				if (e[4]) {
					var who = doc.createElement("span");
					who.className = "who";
					who.textContent = " · " + e[4];
					li.appendChild(who);
				}
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
	/* The print date is the reader's, not the build's: the pages stay the
	 * same bytes whatever day they are built (docs/site.md, "Print"). */
	function printDate() {
		var d = new Date(), pad = function (n) {
			return (n < 10 ? "0" : "") + n;
		};
		each(doc.querySelectorAll(".print-date"), function (e) {
			e.querySelector(".day").textContent = d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
			e.hidden = false;
		});
	}
	printDate();
	window.addEventListener("beforeprint", function () {
		printDate();
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
