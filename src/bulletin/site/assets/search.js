// bulletin search: a small UI on Pagefind's JS API (smaller than the stock UI).
// English and Chinese items are indexed separately (Pagefind segments Chinese
// only in its "zh" index); the page's own language is searched and the other
// merged, so one box finds both. Results are built as DOM nodes, never as HTML
// strings, except Pagefind's <mark> highlights, which are rebuilt here.
(function () {
  "use strict";
  var box = document.getElementById("bl-search");
  if (!box) return;
  var bundle = new URL(box.getAttribute("data-bundle") || "../pagefind/", location.href).href;
  var here = (document.documentElement.lang || "en").toLowerCase().split("-")[0];
  var other = here === "zh" ? "en" : "zh";
  var labels = {
    en: {placeholder: "Search items", none: "No items found.", count: " items found",
         pool: "Information pool", loading: "Searching…"},
    zh: {placeholder: "搜索信息", none: "未找到。", count: " 条结果", pool: "信息库",
         loading: "搜索中…"}
  }[here] || {};

  var form = document.createElement("form");
  form.setAttribute("role", "search");
  form.addEventListener("submit", function (e) { e.preventDefault(); run(); });
  var label = document.createElement("label");
  label.className = "bl-search__label";
  label.setAttribute("for", "bl-search-input");
  label.textContent = labels.placeholder;
  var input = document.createElement("input");
  input.type = "search";
  input.id = "bl-search-input";
  input.className = "bl-search__input";
  input.autocomplete = "off";
  input.placeholder = labels.placeholder;
  var status = document.createElement("p");
  status.className = "bl-search__status";
  status.setAttribute("role", "status");
  var list = document.createElement("ol");
  list.className = "bl-search__results";
  form.append(label, input);
  box.append(form, status, list);

  var pagefind = null;
  function load() {
    if (!pagefind) {
      pagefind = import(bundle + "pagefind.js").then(function (pf) {
        var base = new URL("..", bundle).pathname;
        return pf.options({bundlePath: bundle, baseUrl: base}).then(function () {
          return pf.mergeIndex(bundle, {language: other}).catch(function () {});
        }).then(function () { return pf; });
      });
    }
    return pagefind;
  }

  function marked(text) {
    // Pagefind excerpts are text with <mark> around hits: rebuild them safely
    var frag = document.createDocumentFragment();
    var parts = String(text).split(/<mark>|<\/mark>/);
    parts.forEach(function (part, i) {
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

  var timer = null, latest = 0;
  input.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(run, 250);
  });

  function run() {
    var query = input.value.trim();
    var ticket = ++latest;
    if (!query) { list.replaceChildren(); status.textContent = ""; return; }
    status.textContent = labels.loading;
    load().then(function (pf) { return pf.search(query); }).then(function (found) {
      if (ticket !== latest) return null;
      return Promise.all(found.results.slice(0, 20).map(function (r) { return r.data(); }))
        .then(function (pages) {
          return Promise.all(pages.map(edition)).then(function () {
            return [found.results.length, pages];
          });
        });
    }).then(function (out) {
      if (!out || ticket !== latest) return;
      var total = out[0], pages = out[1];
      status.textContent = total ? total + labels.count : labels.none;
      list.replaceChildren.apply(list, pages.map(result));
    }).catch(function (err) {
      status.textContent = String(err);
    });
  }

  // Which edition an item is in is kept outside the index (so that a new
  // edition leaves the index as it was): search/editions/<year>.json maps the
  // published item ids of one year to their edition.
  var editions = {};
  function edition(page) {
    var match = /\/items\/([^\/]+)\/?$/.exec(page.url || "");
    if (!match) return Promise.resolve();
    var id = decodeURIComponent(match[1]);
    var shard = /^\d{4}/.test(id) ? id.slice(0, 4) : "other";
    if (!editions[shard]) {
      editions[shard] = fetch(new URL("../search/editions/" + shard + ".json", bundle).href)
        .then(function (r) { return r.ok ? r.json() : {}; })
        .catch(function () { return {}; });
    }
    return editions[shard].then(function (map) {
      page.edition = Object.prototype.hasOwnProperty.call(map, id) ? map[id] : null;
    });
  }

  function result(page) {
    var li = document.createElement("li");
    li.className = "bl-search__result";
    var a = document.createElement("a");
    a.href = page.url;
    a.textContent = (page.meta && page.meta.title) || page.url;
    var meta = document.createElement("p");
    meta.className = "bl-search__edition";
    meta.textContent = page.edition || labels.pool;
    var excerpt = document.createElement("p");
    excerpt.className = "bl-search__excerpt";
    excerpt.append(marked(page.excerpt || ""));
    li.append(a, meta, excerpt);
    return li;
  }
})();
