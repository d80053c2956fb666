// bulletin search: a small UI on Pagefind's JS API (smaller than the stock UI).
//
// Bundles: the items' shards (pagefind/ and pagefind-items/<shard>/: a large site's
// items are indexed in shards of a few thousand pages, config.shards; each bundle
// has one index per language: Pagefind segments Chinese only in its "zh" index) and
// editions (pagefind-editions/: label, theme, editor's note). The page's own
// language of the first shard is searched and every other index merged, so one box
// finds both languages, both kinds and every shard; each shard's indexes carry a
// filter "shard" (Pagefind's mergeFilter). The page reads ?q= (and the filters)
// from its address and keeps them there, so a search is a link. Results are built
// as DOM nodes, never as HTML strings, except Pagefind's <mark> highlights, rebuilt
// here.
(function () {
  "use strict";
  var box = document.getElementById("bl-search");
  if (!box) return;
  var config = JSON.parse(box.getAttribute("data-config") || "{}");
  var words = config.words || {};
  var bundle = new URL(box.getAttribute("data-bundle") || "../pagefind/", location.href).href;
  var editionsBundle = new URL(box.getAttribute("data-editions-bundle") ||
                               "../pagefind-editions/", location.href).href;
  var here = (document.documentElement.lang || "en").toLowerCase().split("-")[0];
  var PAGE = 10, SCAN = 300;
  var FILTERS = [["unit", config.units, words.any_unit], ["category", config.categories,
                 words.any_category], ["year", null, words.any_year],
                 ["language", config.languages, words.any_language],
                 ["type", null, words.any_type]];

  function el(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (k) {
      if (k === "text") node.textContent = props[k];
      else if (k === "class") node.className = props[k];
      else node.setAttribute(k, props[k]);
    });
    (children || []).forEach(function (c) { if (c) node.append(c); });
    return node;
  }
  function fmt(template, n) { return String(template || "").replace("{n}", n); }
  function count(n, one, many) { return fmt(n === 1 ? words[one] : words[many], n); }

  // --- the form -------------------------------------------------------------------------
  var form = el("form", {role: "search", class: "bl-search__form"});
  var input = el("input", {type: "search", id: "bl-search-input", name: "q",
                           class: "bl-search__input", autocomplete: "off",
                           placeholder: words.label, enterkeyhint: "search"});
  form.append(el("label", {class: "bl-search__label", for: "bl-search-input",
                           text: words.label}),
              el("div", {class: "bl-search__row"}, [input, el("button", {
                type: "submit", class: "bl-search__submit", text: words.search_button})]));
  var filters = el("fieldset", {class: "bl-search__filters"},
                   [el("legend", {text: words.filters})]);
  var selects = {};
  function options(key, names) {
    if (key === "year") return (config.years || []).map(function (y) { return [y, y]; });
    if (key === "type") {
      var out = Object.keys(config.types || {}).map(function (k) { return [k, config.types[k]]; });
      if (config.pool) out.push(["pool", words.pool_type]);
      return out;
    }
    return Object.keys(names || {}).map(function (k) { return [k, names[k]]; });
  }
  FILTERS.forEach(function (f) {
    var select = el("select", {id: "bl-filter-" + f[0], name: f[0]},
                    [el("option", {value: "", text: f[2]})]);
    options(f[0], f[1]).forEach(function (o) {
      select.append(el("option", {value: o[0], text: o[1]}));
    });
    selects[f[0]] = select;
    filters.append(el("label", {class: "bl-search__filter", for: select.id},
                      [el("span", {text: words[f[0]]}), select]));
  });
  var sort = el("select", {id: "bl-sort", name: "sort"},
                [el("option", {value: "", text: words.relevance}),
                 el("option", {value: "newest", text: words.newest})]);
  filters.append(el("label", {class: "bl-search__filter", for: "bl-sort"},
                    [el("span", {text: words.sort}), sort]));
  form.append(filters);
  var status = el("p", {class: "bl-search__status", role: "status"});
  var note = el("p", {class: "bl-search__note bl-lede"});
  var list = el("ol", {class: "bl-search__results"});
  var more = el("button", {type: "button", class: "bl-search__more", text: words.more});
  more.hidden = true;
  var top = el("p", {class: "bl-marking", role: "note"});
  var bottom = el("p", {class: "bl-marking bl-marking--bottom", role: "note"});
  var margins = el("style", {id: "bl-search-margins"});
  top.hidden = bottom.hidden = true;
  (box.closest(".bl-search") || box).before(top);
  box.append(form, status, note, list, more);
  box.after(bottom);
  document.head.append(margins);

  // --- Pagefind ---------------------------------------------------------------------------
  var pagefind = null;
  // [name, languages, years] of each shard of the items' index, the one in bundle first
  var shards = config.shards || [["all", config.items || [], []]];
  function shardBundle(i) {
    return i === 0 ? bundle
      : new URL("../pagefind-items/" + encodeURIComponent(shards[i][0]) + "/", bundle).href;
  }
  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        var base = new URL("..", bundle).pathname;
        return pf.options({bundlePath: bundle, baseUrl: base,
                           mergeFilter: {shard: shards[0][0]}}).then(function () {
          var merges = [];
          shards.forEach(function (shard, i) {
            shard[1].forEach(function (l) {
              if (i === 0 && l === here) return;  // the first index itself
              merges.push([shardBundle(i), {language: l, baseUrl: base,
                                            mergeFilter: {shard: shard[0]}}]);
            });
          });
          (config.editions || []).forEach(function (l) {
            merges.push([editionsBundle, {language: l, baseUrl: base}]);
          });
          return Promise.all(merges.map(function (m) {
            return pf.mergeIndex(m[0], m[1]).catch(function () {});
          }));
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function marked(text) {
    // Pagefind excerpts are text with <mark> around hits: rebuilt safely. Pagefind joins
    // the text of separate blocks with ". ", which reads wrong in Chinese.
    var frag = document.createDocumentFragment();
    String(text).replace(/([\u3000-\u303f\u3400-\u9fff\uff00-\uffef])\. /g, "$1 ")
      .split(/<mark>|<\/mark>/).forEach(function (part, i) {
        var node = document.createTextNode(decode(part));
        if (i % 2 === 1) { var m = document.createElement("mark"); m.append(node); node = m; }
        frag.append(node);
      });
    return frag;
  }
  function decode(text) {
    var t = document.createElement("textarea");
    t.innerHTML = text;
    return t.value;
  }

  // --- which edition an item is in ---------------------------------------------------------
  // Kept outside the index (so that a new edition leaves the index as it was):
  // search/editions/<year>.json maps a hash of each published item's id to its edition.
  var maps = {};
  function key(id) {
    function fnv(seed) {
      var h = seed >>> 0, bytes = new TextEncoder().encode(id);
      for (var i = 0; i < bytes.length; i++) h = Math.imul(h ^ bytes[i], 0x01000193) >>> 0;
      return ("0000000" + h.toString(16)).slice(-8).slice(0, 6);
    }
    return fnv(0x811C9DC5) + fnv(0x050C5D1F);
  }
  function edition(page) {
    var match = /\/items\/([^\/]+)\/?$/.exec(page.url || "");
    if (!match) return Promise.resolve(page);
    var id = decodeURIComponent(match[1]);
    var shard = /^\d{4}/.test(id) ? id.slice(0, 4) : "other";
    if (!maps[shard]) {
      maps[shard] = fetch(new URL("../search/editions/" + shard + ".json", bundle).href)
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    return maps[shard].then(function (map) {
      var ids = map.i || {}, has = Object.prototype.hasOwnProperty;
      var index = has.call(ids, id) ? ids[id] : has.call(ids, key(id)) ? ids[key(id)] : null;
      // an item several publications carried has a list: one edition of each
      var found = index === null ? [] : [].concat(index);
      page.editions = found.map(function (n) { return (map.e || [])[n]; }).filter(Boolean);
      page.edition = page.editions[0] || null;
      return page;
    });
  }
  function typeOf(page) {
    var meta = page.meta || {};
    if (meta.kind === "edition") return meta.type || "regular";
    return page.edition ? page.edition[2] : "pool";
  }

  // --- running a search ---------------------------------------------------------------------
  // A search reads one or more sources (lists of Pagefind results) and merges them as
  // they load: best score first, or newest first. Under a sort Pagefind orders each
  // index by date but merges the indexes by score, so for "newest first" each index is
  // asked on its own (kind and language filters pick it) and the lists are merged here
  // by date; Pagefind merges the items' shards by score too, so each shard is asked on
  // its own (the "shard" filter) for a list by date. The edition type of an item is
  // not in the index: those sources are read and filtered here, at most SCAN results
  // deep.
  var ticket = 0, state = null;
  function chosen() {
    var out = {};
    ["unit", "category", "year", "language"].forEach(function (k) {
      if (selects[k].value) out[k] = selects[k].value;
    });
    return out;
  }
  function remember(query) {
    var params = new URLSearchParams();
    if (query) params.set("q", query);
    FILTERS.forEach(function (f) { if (selects[f[0]].value) params.set(f[0], selects[f[0]].value); });
    if (sort.value) params.set("sort", sort.value);
    var search = params.toString();
    history.replaceState(null, "", location.pathname + (search ? "?" + search : ""));
  }
  function extend(base, more) {
    var out = {};
    Object.keys(base).concat(Object.keys(more)).forEach(function (k) {
      out[k] = k in more ? more[k] : base[k];
    });
    return out;
  }
  // A query that names a unit or a category (in either language) finds its items
  function named(query) {
    var q = query.toLocaleLowerCase(), found = {};
    [["unit", config.unit_names], ["category", config.category_names]].forEach(function (kind) {
      var hits = Object.keys(kind[1] || {}).filter(function (k) {
        return kind[1][k].some(function (name) {
          var n = name.toLocaleLowerCase();
          return n === q || (/[\u3400-\u9fff]/.test(q) && q.length >= 3 && n.indexOf(q) >= 0);
        });
      });
      if (hits.length === 1) found[kind[0]] = hits[0];
    });
    return found;
  }
  function sources(pf, query, filters) {
    var newest = sort.value === "newest", type = selects.type.value;
    var term = query;
    var names = named(query);
    if (Object.keys(names).length && !filters.unit && !filters.category) {
      filters = extend(filters, names);
      term = null;  // every item of the unit or category
    }
    if (!newest && !type && term !== null) {
      var opts = {filters: extend(filters, {kind: {any: ["item", "edition"]}})};
      return pf.search(term, opts).then(function (found) {
        return [{results: found.results, key: "score", kinds: (found.filters || {}).kind}];
      });
    }
    var asks = [];
    var kinds = type === "pool" || term === null ? ["item"] : ["item", "edition"];
    kinds.forEach(function (kind) {
      var langs = kind === "item" ? config.items || [] : config.editions || [];
      langs.forEach(function (lang) {
        if (filters.language && filters.language !== lang) return;
        var dated = newest || term === null;
        var parts = [null];
        if (kind === "item" && dated && shards.length > 1) {
          parts = shards.filter(function (shard) {
            return shard[1].indexOf(lang) >= 0 &&
              (!filters.year || !shard[2].length || shard[2].indexOf(filters.year) >= 0);
          }).map(function (shard) { return shard[0]; });
        }
        parts.forEach(function (part) {
          var f = extend(filters, {kind: kind, language: lang});
          if (part !== null) f.shard = part;
          if (kind === "edition" && type) f.type = type;
          var opts = {filters: f};
          if (dated) opts.sort = {date: "desc"};
          asks.push(pf.search(term, opts).then(function (found) {
            return {results: found.results, key: dated ? "date" : "score",
                    test: kind === "item" && type ? type : null};
          }));
        });
      });
    });
    return Promise.all(asks);
  }
  function run() {
    var query = input.value.trim();
    var mine = ++ticket;
    remember(query);
    list.replaceChildren();
    more.hidden = true;
    mark([]);
    if (!query) { status.textContent = ""; note.textContent = ""; return; }
    status.textContent = words.loading;
    load().then(function (pf) { return sources(pf, query, chosen()); }).then(function (found) {
      if (mine !== ticket) return null;
      state = {ticket: mine, shown: [], scanned: 0, sources: found.map(function (s) {
        return {results: s.results, key: s.key, test: s.test, kinds: s.kinds, next: 0,
                buffer: [], matched: 0};
      })};
      return page();
    }).catch(function (err) { status.textContent = String(err); });
  }

  // Loads the next results of a source into its buffer until it holds one, or is spent
  function fill(s, source) {
    if (source.buffer.length || source.next >= source.results.length ||
        (source.test && s.scanned >= SCAN)) return Promise.resolve();
    var batch = source.results.slice(source.next, source.next + PAGE);
    source.next += batch.length;
    if (source.test) s.scanned += batch.length;
    return Promise.all(batch.map(function (r) {
      return r.data().then(edition).then(function (p) { p.score = r.score; return p; });
    })).then(function (pages) {
      pages.forEach(function (p) {
        if (!source.test || typeOf(p) === source.test) {
          source.buffer.push(p);
          source.matched += 1;
        }
      });
      return fill(s, source);
    });
  }
  function take(s) {
    return Promise.all(s.sources.map(function (src) { return fill(s, src); })).then(function () {
      var best = null;
      s.sources.forEach(function (src) {
        var head = src.buffer[0];
        if (!head) return;
        var better = !best || (src.key === "date"
          ? String((head.meta || {}).date) > String((best.buffer[0].meta || {}).date)
          : head.score > best.buffer[0].score);
        if (better) best = src;
      });
      return best ? best.buffer.shift() : null;
    });
  }
  function page() {
    var s = state, got = 0;
    if (!s || s.busy) return null;  // "More" clicked again while a page loads
    s.busy = true;
    function done() { s.busy = false; return describe(); }
    function step() {
      if (s.ticket !== ticket) return null;
      if (got >= PAGE) return done();
      return take(s).then(function (p) {
        if (!p) return done();
        got += 1;
        s.shown.push(p);
        list.append(result(p));
        return step();
      });
    }
    return step();
  }
  more.addEventListener("click", function () { page(); });

  function describe() {
    var s = state;
    if (s.ticket !== ticket) return null;
    function more_in(src) {
      return src.buffer.length ||
        (src.next < src.results.length && (!src.test || s.scanned < SCAN));
    }
    var capped = s.sources.some(function (src) {
      return src.test && src.next < src.results.length;
    });
    var total = 0;
    s.sources.forEach(function (src) { total += src.test ? src.matched : src.results.length; });
    if (!total) {
      status.textContent = capped ? fmt(words.scanned, s.scanned) : words.none;
    } else {
      var parts = [count(total, "result_one", "result_many")];
      var kinds = s.sources.length === 1 ? s.sources[0].kinds : null;
      if (kinds && (kinds.item !== undefined || kinds.edition !== undefined)) {
        parts.push(count(kinds.item || 0, "items_one", "items_many") +
                   (kinds.edition ? (config.lang === "zh" ? "，" : ", ") +
                    count(kinds.edition, "editions_one", "editions_many") : ""));
      }
      status.textContent = parts.join(config.lang === "zh" ? "：" : ": ") +
        (capped ? " " + fmt(words.scanned, s.scanned) : "");
    }
    note.textContent = config.pool ? words.with_pool : words.no_pool;
    more.hidden = !s.sources.some(more_in);
    mark(s.shown);
    return null;
  }

  // The page's marking: the highest level among the results shown, top and bottom, and
  // in the printed page's margins.
  function mark(pages) {
    var best = null;
    pages.forEach(function (p) {
      var level = (config.levels || {})[(p.meta || {}).level];
      if (level && level[0] > 0 && (!best || level[0] > best[0])) best = level;
    });
    var text = best ? (config.lang === "zh" ? best[2] : best[1]) : "";
    top.hidden = bottom.hidden = !best;
    top.textContent = bottom.textContent = text;
    var css = '"' + Array.from(text).map(function (c) {
      return /[\p{L}\p{N} ]/u.test(c) ? c : "\\" + c.codePointAt(0).toString(16) + " ";
    }).join("") + '"';
    margins.textContent = best ? "@page { @top-center { content: " + css +
      "; } @bottom-center { content: " + css + "; } }" : "";
  }

  function date(iso, lang) {
    var m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!m) return "";
    if (lang === "zh") return +m[1] + "年" + +m[2] + "月" + +m[3] + "日";
    var months = ["January", "February", "March", "April", "May", "June", "July",
                  "August", "September", "October", "November", "December"];
    return +m[3] + " " + months[+m[2] - 1] + " " + m[1];
  }

  function result(page) {
    var meta = page.meta || {}, lang = meta.lang || config.lang;
    var li = el("li", {class: "bl-search__result"});
    if (meta.lang && meta.lang !== config.lang) li.setAttribute("lang", meta.lang);
    var head = el("p", {class: "bl-search__title"});
    var level = (config.levels || {})[meta.level];
    if (meta.kind === "edition") {
      head.append(el("span", {class: "bl-kicker", text: words.edition}), " ");
      if (meta.type === "flash" || meta.type === "special") {
        head.append(el("span", {class: "bl-type", text: config.types[meta.type]}), " ");
      }
    } else if (level && level[0] > 0) {
      head.append(el("span", {class: "bl-badge", text: lang === "zh" ? level[2] : level[1]}),
                  " ");
    }
    head.append(el("a", {href: page.url, text: meta.title || page.url}));
    var parts = [date(meta.date, config.lang)];
    if (meta.kind !== "edition") {
      parts.push((config.units || {})[meta.unit] || meta.unit,
                 (config.categories || {})[meta.category] || meta.category);
    }
    var line = el("p", {class: "bl-search__meta", text: parts.filter(Boolean).join(" · ")});
    if (meta.kind !== "edition") {
      line.append(" · ");
      if (page.edition) {
        page.editions.forEach(function (e, n) {
          if (n) line.append(config.lang === "zh" ? "、" : ", ");
          line.append(el("a", {href: new URL("../" + e[1], bundle).pathname,
                               class: "bl-search__edition", text: e[0]}));
          if (e[2] !== "regular") {
            line.append(" ", el("span", {class: "bl-type", text: config.types[e[2]]}));
          }
        });
      } else {
        line.append(el("span", {class: "bl-search__edition bl-unpublished",
                                text: words.pool_type}));
      }
    }
    var excerpt = el("p", {class: "bl-search__excerpt"});
    // an excerpt from the unit's, category's and tags' names in both languages (which
    // the index holds so that either finds the item), not from the text: the summary
    var plain = (page.excerpt || "").replace(/<[^>]*>/g, "");
    if (meta.summary && (plain.match(/ \u00b7 /g) || []).length >= 2) {
      excerpt.append(meta.summary + (meta.summary.length >= 160 ? "…" : ""));
    } else {
      excerpt.append(marked(page.excerpt || ""));
    }
    li.append(head, line, excerpt);
    return li;
  }

  // --- wiring ----------------------------------------------------------------------------------
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  var timer = null;
  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 300); });
  Object.keys(selects).forEach(function (k) { selects[k].addEventListener("change", run); });
  sort.addEventListener("change", run);
  var params = new URLSearchParams(location.search);
  FILTERS.forEach(function (f) { if (params.get(f[0])) selects[f[0]].value = params.get(f[0]); });
  if (params.get("sort") === "newest") sort.value = "newest";
  if (params.get("q")) { input.value = params.get("q"); run(); }
  var header = document.getElementById("bl-q");
  if (header && params.get("q")) header.value = params.get("q");
})();
