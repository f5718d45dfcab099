// dotchain's workshop page: search, click a role to see its line of sight, hover to read it.
// Every name reaches the page as data and is written with textContent, never as markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("dc-data").textContent);
  var svg = document.querySelector("#dc-diagram svg");
  var nodes = {};
  var edges = {};
  data.nodes.forEach(function (node) { nodes[node.id] = node; });
  data.edges.forEach(function (edge) { edges[edge.id] = edge; });
  var selected = null;

  function element(tag, text, className) {
    var made = document.createElement(tag);
    if (text !== undefined && text !== null) { made.textContent = text; }
    if (className) { made.className = className; }
    return made;
  }

  // The SVG pieces of a node or an edge: an edge may be drawn as two halves and a label.
  function pieces(id) {
    return [id, id + "-to", id + "-label"]
      .map(function (part) { return document.getElementById(part); })
      .filter(function (found) { return found && svg.contains(found); });
  }

  function clearClass(name) {
    Array.prototype.slice.call(svg.querySelectorAll("." + name)).forEach(function (found) {
      found.classList.remove(name);
    });
  }

  function select(id) {
    selected = id;
    clearClass("dc-on");
    clearClass("dc-selected");
    svg.classList.toggle("dc-focusing", id !== null);
    if (id === null) { showDetails(null); return; }
    var node = nodes[id];
    var sight = node.sight || { nodes: [id], edges: [] };
    sight.nodes.forEach(function (other) { pieces(other).forEach(function (p) { p.classList.add("dc-on"); }); });
    sight.edges.forEach(function (edge) { pieces(edge).forEach(function (p) { p.classList.add("dc-on"); }); });
    pieces(id).forEach(function (p) { p.classList.add("dc-on", "dc-selected"); });
    showDetails(id);
  }

  function showDetails(id) {
    var panel = document.getElementById("dc-details");
    panel.textContent = "";
    if (id === null) {
      panel.appendChild(element("p", "Click a role to draw its line of sight to the customer; hover over " +
        "one to read its why, how and what. Search above for a person or a role.", "dc-hint"));
      return;
    }
    var node = nodes[id];
    panel.appendChild(element("h2", node.title));
    panel.appendChild(element("div", node.kind === "impact" ? "beyond the customer" : node.kind, "dc-kind"));
    var list = element("dl");
    node.facts.forEach(function (fact) {
      list.appendChild(element("dt", fact[0]));
      list.appendChild(element("dd", fact[1]));
    });
    var out = data.edges.filter(function (edge) { return edge.from === id; });
    if (out.length) {
      list.appendChild(element("dt", "hands off"));
      out.forEach(function (edge) {
        var line = element("dd");
        line.appendChild(element("span", "→ " + nodes[edge.to].title));
        if (edge.what) { line.appendChild(element("span", ": " + edge.what)); }
        if (edge.rating) {
          var word = element("strong", " [" + edge.rating + "]");
          word.style.color = edge.colour;
          line.appendChild(word);
        }
        list.appendChild(line);
      });
    }
    panel.appendChild(list);
  }

  // -- the diagram: click to select, hover to read --------------------------------------------
  data.nodes.forEach(function (node) {
    var drawn = document.getElementById(node.id);
    if (!drawn || !svg.contains(drawn)) { return; }
    drawn.setAttribute("data-dc", node.kind);
    var tip = document.createElementNS("http://www.w3.org/2000/svg", "title");
    tip.textContent = node.title;
    drawn.insertBefore(tip, drawn.firstChild);
    drawn.addEventListener("click", function (event) { event.stopPropagation(); select(node.id); });
    drawn.addEventListener("mouseenter", function () { showDetails(node.id); });
    drawn.addEventListener("mouseleave", function () { showDetails(selected); });
  });
  svg.addEventListener("click", function () { select(null); });

  // -- search ---------------------------------------------------------------------------------
  var search = document.getElementById("dc-search");
  var results = document.getElementById("dc-results");
  var haystacks = data.nodes.map(function (node) {
    var words = [node.title, node.key].concat(node.facts.filter(function (fact) {
      return fact[0] === "people" || fact[0] === "team" || fact[0] === "id";
    }).map(function (fact) { return fact[1]; }));
    return { id: node.id, text: words.join("\n").toLowerCase() };
  });

  function find(query) {
    var wanted = query.trim().toLowerCase();
    if (!wanted) { return []; }
    return haystacks.filter(function (entry) { return entry.text.indexOf(wanted) !== -1; })
      .map(function (entry) { return entry.id; });
  }

  function showResults() {
    clearClass("dc-match");
    results.textContent = "";
    var found = find(search.value);
    found.forEach(function (id) { pieces(id).forEach(function (p) { p.classList.add("dc-match"); }); });
    found.slice(0, 30).forEach(function (id, position) {
      var node = nodes[id];
      var item = element("li");
      item.setAttribute("role", "option");
      item.setAttribute("data-node", id);
      item.setAttribute("aria-selected", position === 0 ? "true" : "false");
      item.appendChild(element("div", node.title));
      var people = node.facts.filter(function (fact) { return fact[0] === "people" || fact[0] === "team"; })
        .map(function (fact) { return fact[1]; }).join(" · ");
      if (people) { item.appendChild(element("div", people, "dc-sub")); }
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(id); });
      results.appendChild(item);
    });
    results.hidden = found.length === 0;
  }

  function choose(id) {
    results.hidden = true;
    clearClass("dc-match");
    select(id);
    var drawn = document.getElementById(id);
    if (drawn && drawn.scrollIntoView) { drawn.scrollIntoView({ block: "center", inline: "center" }); }
  }

  search.addEventListener("input", showResults);
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      var first = find(search.value)[0];
      if (first) { choose(first); }
    } else if (event.key === "Escape") {
      search.value = "";
      showResults();
      select(null);
    }
  });
  search.addEventListener("blur", function () { results.hidden = true; });

  // -- zoom and clear -------------------------------------------------------------------------
  var diagram = document.getElementById("dc-diagram");
  function zoom(fit) {
    diagram.classList.toggle("dc-fit", fit);
    document.getElementById("dc-fit").setAttribute("aria-pressed", String(fit));
    document.getElementById("dc-actual").setAttribute("aria-pressed", String(!fit));
  }
  document.getElementById("dc-fit").addEventListener("click", function () { zoom(true); });
  document.getElementById("dc-actual").addEventListener("click", function () { zoom(false); });
  document.getElementById("dc-clear").addEventListener("click", function () {
    search.value = "";
    showResults();
    select(null);
  });

  // -- the legend -----------------------------------------------------------------------------
  var ratings = document.getElementById("dc-ratings");
  data.ratings.forEach(function (rating) {
    var item = element("li");
    var swatch = element("span", null, "dc-swatch");
    swatch.style.background = rating.colour;
    item.appendChild(swatch);
    var word = element("strong", rating.word);
    word.style.color = rating.colour;
    item.appendChild(word);
    if (rating.means) { item.appendChild(element("span", " " + rating.means, "dc-means")); }
    ratings.appendChild(item);
  });
  if (data.highlight.length) {
    var first = data.nodes.filter(function (node) { return data.highlight.indexOf(node.key) !== -1; })[0];
    if (first) { select(first.id); }
  }
}());
