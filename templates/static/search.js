/* The search page: Pagefind's index, loaded from the site itself (no server), with filters by source,
   language and year (their values and counts are written into the page at build time), and a sort by
   date. The index has one part per year (data-parts, newest first), each a Pagefind bundle of its own,
   loaded when a search first needs it: a query runs in every part (only the chosen year's with a year
   filter) and the results are merged, by score for the best match, by year then date for a sort by date.
   A rebuild adds a "recent" part for the articles added or changed since their year's part was made:
   changes.json (data-changes, read once) names it and the ids of the copies in the year parts it
   supersedes (or whose article is gone), which are dropped before anything is counted or shown. The
   recent part is searched too (with the same filters); sorted by date, its results are merged with the
   years' by each result's order value (data-pagefind-meta "order", unique, in the text order Pagefind
   sorts by), loaded only for the results about to be shown.
   The query and the filters live in the address (?q=...&source=...) so that a search can be bookmarked
   and shared. Results are built as text nodes: nothing found in the index is ever inserted as markup,
   except Pagefind's <mark> highlights, rebuilt element by element. */
(function () {
  "use strict";
  var box = document.getElementById("search");
  if (!box) return;
  var form = box.querySelector("form");
  var input = form.elements.q;
  var filterNames = ["source", "language", "year"];
  var status = box.querySelector(".search-status");
  var list = box.querySelector(".search-results");
  var more = box.querySelector(".search-more");
  var words = box.dataset;
  var PAGE = 20;
  var parts = (box.dataset.parts || "").split(" ").filter(Boolean);
  var years = parts.map(function (part) { return (part.match(/([0-9]{4})\/$/) || [])[1]; });
  var loaded = {};
  var changes = null;
  var found = listed([]);
  var shown = 0;
  var run = 0;

  function part(path) {
    // Each part (a year) is loaded the first time a search needs it: a search within one year loads one.
    if (!loaded[path]) {
      var bundle = new URL(path, location.href);
      var root = new URL(box.dataset.root, location.href);
      loaded[path] = import(new URL("pagefind.js", bundle).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname, excerptLength: 24 }).then(function () {
          pf.init();
          return pf;
        });
      });
    }
    return loaded[path];
  }

  function recentChanges() {
    // What the recent part changes: read once, before the first search.
    if (!changes) {
      changes = fetch(new URL(box.dataset.changes, location.href).href).then(function (response) {
        if (!response.ok) throw new Error("changes.json: " + response.status);
        return response.json();
      });
    }
    return changes;
  }

  function data(result) {
    if (!result.loaded) result.loaded = result.data();
    return result.loaded;
  }

  function listed(results) {
    // Results whose order is known: the first n, now.
    return { length: results.length, take: function (from, n) {
      return Promise.resolve(results.slice(from, from + n));
    } };
  }

  function merged(years, recent, newest) {
    // Two lists, each sorted by date: the years' and the recent part's. Merged by each result's order
    // value, loaded (as it would be to show it) only for the results compared so far.
    var out = [], i = 0, j = 0;
    function more(upto) {
      if (out.length >= upto || (i >= years.length && j >= recent.length)) return Promise.resolve();
      if (i >= years.length || j >= recent.length) {
        out.push(i >= years.length ? recent[j++] : years[i++]);
        return more(upto);
      }
      return Promise.all([data(years[i]), data(recent[j])]).then(function (both) {
        var older = both[0].meta.order < both[1].meta.order;
        out.push(older !== newest ? years[i++] : recent[j++]);
        return more(upto);
      });
    }
    var queue = Promise.resolve();  // one merge step at a time, even if "Show more" is pressed twice
    return { length: years.length + recent.length, take: function (from, n) {
      queue = queue.then(function () { return more(from + n); });
      return queue.then(function () { return out.slice(from, from + n); });
    } };
  }

  function searchParts(query, filters, sort) {
    var options = { filters: filters };
    if (sort) options.sort = { date: sort === "oldest" ? "asc" : "desc" };
    return recentChanges().then(function (change) {
      var picked = [];
      years.forEach(function (year, i) { if (!filters.year || year === filters.year) picked.push(i); });
      var searches = picked.map(function (i) {
        var dropped = {};
        (change.superseded[years[i]] || []).forEach(function (id) { dropped[id] = true; });
        return part(parts[i]).then(function (pf) { return pf.search(query || null, options); })
          .then(function (response) {
            return (response ? response.results : []).filter(function (r) { return !dropped[r.id]; });
          });
      });
      var recent = !change.recent ? Promise.resolve([])
        : part(new URL(change.recent, new URL(box.dataset.changes, location.href)).href)
          .then(function (pf) { return pf.search(query || null, options); })
          .then(function (response) { return response ? response.results : []; });
      return Promise.all([Promise.all(searches), recent]);
    }).then(function (both) {
      var lists = both[0], recent = both[1];
      if (sort === "oldest") lists.reverse();  // the parts are newest year first
      var all = [].concat.apply([], lists);
      if (sort) return recent.length ? merged(all, recent, sort !== "oldest") : listed(all);
      all = all.concat(recent);
      all.sort(function (a, b) { return b.score - a.score; });  // stable: ties stay newest first
      return listed(all);
    });
  }

  function chosen() {
    var filters = {};
    filterNames.forEach(function (name) {
      var value = form.elements[name].value;
      if (value) filters[name] = value;
    });
    return filters;
  }

  function remember() {
    var params = new URLSearchParams();
    if (input.value.trim()) params.set("q", input.value.trim());
    filterNames.concat(["sort"]).forEach(function (name) {
      if (form.elements[name].value) params.set(name, form.elements[name].value);
    });
    var query = params.toString();
    history.replaceState(null, "", location.pathname + (query ? "?" + query : ""));
  }

  function excerpt(html) {
    // Pagefind's excerpt is text with <mark> around the words found: keep the text and the marks only.
    var parsed = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html").body;
    var out = document.createElement("p");
    out.className = "excerpt";
    out.dir = "auto";
    parsed.firstChild.childNodes.forEach(function (node) {
      if (node.nodeName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  // "591 نتيجةً", "3 résultats": the word in the plural form CLDR's rules give the count in the page's
  // language (the build gives each form's word: data-plural; Intl.PluralRules picks the form, as Babel does
  // for the pages the build writes)
  var forms = JSON.parse(words.plural || "{}");
  var rules = window.Intl && Intl.PluralRules ? new Intl.PluralRules(document.documentElement.lang || "en")
    : null;
  function counted(n) {
    var form = rules ? rules.select(n) : (n === 1 ? "one" : "other");
    if (form === "two" && forms.two) return forms.two;  // Arabic's dual says the number itself
    return n + " " + (forms[form] || forms.other || "");
  }

  function item(data) {
    var li = document.createElement("li");
    li.className = "entry search-result";
    if (data.meta.lang) li.lang = data.meta.lang;
    var title = document.createElement("h2");
    title.className = "entry-title";
    title.dir = "auto";
    var link = document.createElement("a");
    link.href = data.url;
    link.textContent = data.meta.title || data.url;
    title.appendChild(link);
    var meta = document.createElement("p");
    meta.className = "entry-meta";
    // the page's direction, each part isolated: a Latin source id does not pull an Arabic line to the left
    meta.dir = document.documentElement.dir || "auto";
    [data.meta.source, data.meta.date].filter(Boolean).forEach(function (part, n) {
      if (n) meta.appendChild(document.createTextNode(" · "));
      var isolated = document.createElement("bdi");
      isolated.textContent = part;
      meta.appendChild(isolated);
    });
    li.append(title, meta, excerpt(data.excerpt || ""));
    return li;
  }

  function showMore(mine) {
    var from = shown;
    shown = Math.min(found.length, shown + PAGE);
    more.hidden = shown >= found.length;
    return found.take(from, PAGE).then(function (batch) {
      return Promise.all(batch.map(data));
    }).then(function (items) {
      if (mine !== run) return;
      items.forEach(function (one) { list.appendChild(item(one)); });
    });
  }

  function search() {
    var mine = ++run;
    var query = input.value.trim();
    var filters = chosen();
    var sort = form.elements.sort.value;
    remember();
    if (!query && !Object.keys(filters).length) {
      list.replaceChildren();
      status.textContent = "";
      more.hidden = true;
      return Promise.resolve();
    }
    return searchParts(query, filters, sort).then(function (results) {
      if (mine !== run) return;
      found = results;
      shown = 0;
      list.replaceChildren();
      status.textContent = found.length === 0 ? words.none : counted(found.length);
      return showMore(mine);
    }).then(function () {
      if (mine === run) box.dataset.state = "done";
    }, failed);
  }

  function failed(error) {
    status.textContent = location.protocol === "file:" ? words.file : words.failed;
    box.dataset.state = "failed";
    if (window.console) console.error(error);
  }

  var timer = null;
  input.addEventListener("input", function () {
    box.dataset.state = "typing";
    clearTimeout(timer);
    timer = setTimeout(search, 150);
  });
  form.addEventListener("change", function (event) {
    if (event.target !== input) search();
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    search();
  });
  more.addEventListener("click", function () { showMore(run); });

  var params = new URLSearchParams(location.search);
  input.value = params.get("q") || "";
  ["source", "language", "year", "sort"].forEach(function (name) {
    form.elements[name].value = params.get(name) || "";
  });
  search().catch(failed);
})();
