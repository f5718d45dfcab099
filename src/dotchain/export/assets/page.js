// dotchain's workshop page: search, click a role to see its line of sight, hover to read it; zoom
// and pan with the mouse, the keyboard or the fingers.
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
    camera.lookAt(sight.nodes.concat(sight.edges), id);
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

  // -- the camera: zoom and pan by moving the SVG's viewBox ----------------------------------
  // The picture always fills the window's free space, both ways (fit); one unit of the viewBox is
  // one point of Graphviz's layout. Selecting a role shows its whole line of sight, but never so
  // small that the smallest label is under READABLE pixels: then the role stays in view and the
  // rest of its line of sight is a pan away.
  var READABLE = 12.05;  // 12 px, and a hair more for rounding
  var camera = (function () {
    var frame = document.getElementById("dc-diagram");
    var box = svg.viewBox.baseVal;
    var whole = { x: box.x, y: box.y, w: box.width, h: box.height };
    var view = { x: whole.x, y: whole.y, w: whole.w, h: whole.h };
    var fitted = true;
    svg.removeAttribute("width");
    svg.removeAttribute("height");
    svg.setAttribute("preserveAspectRatio", "xMidYMid meet");
    var smallest = Array.prototype.reduce.call(svg.querySelectorAll("text"), function (least, text) {
      var size = parseFloat(text.getAttribute("font-size"));
      return size > 0 && size < least ? size : least;
    }, 14);

    function size() { return { w: Math.max(frame.clientWidth, 1), h: Math.max(frame.clientHeight, 1) }; }
    function scale() { return size().w / view.w; }  // pixels per unit, the same both ways
    function apply() {
      svg.setAttribute("viewBox", [view.x, view.y, view.w, view.h].join(" "));
      svg.setAttribute("data-scale", String(scale()));
    }
    // Show a box of the picture as large as it fits, centred, the window's shape kept.
    function show(target, least) {
      var room = size();
      var pixels = Math.min(room.w / target.w, room.h / target.h);
      if (least && pixels < least) { pixels = least; }
      var w = room.w / pixels;
      var h = room.h / pixels;
      view = { x: target.x + target.w / 2 - w / 2, y: target.y + target.h / 2 - h / 2, w: w, h: h };
      apply();
    }
    function fit() { fitted = true; show(whole, 0); }
    function zoomAt(factor, clientX, clientY) {
      var rect = frame.getBoundingClientRect();
      var px = clientX === undefined ? rect.width / 2 : clientX - rect.left;
      var py = clientY === undefined ? rect.height / 2 : clientY - rect.top;
      var pixels = Math.min(Math.max(scale() * factor, 0.02), 20);
      var ux = view.x + px / scale();
      var uy = view.y + py / scale();
      var room = size();
      view = { x: ux - px / pixels, y: uy - py / pixels, w: room.w / pixels, h: room.h / pixels };
      fitted = false;
      apply();
    }
    function panBy(dx, dy) {  // in pixels: the picture follows the pointer
      view.x -= dx / scale();
      view.y -= dy / scale();
      fitted = false;
      apply();
    }
    // The box, in viewBox units, around drawn pieces of the picture.
    function around(ids) {
      var rect = frame.getBoundingClientRect();
      var found = null;
      ids.forEach(function (id) {
        pieces(id).forEach(function (piece) {
          var r = piece.getBoundingClientRect();
          if (!r.width && !r.height) { return; }
          var b = { x0: view.x + (r.left - rect.left) / scale(), y0: view.y + (r.top - rect.top) / scale(),
                    x1: view.x + (r.right - rect.left) / scale(), y1: view.y + (r.bottom - rect.top) / scale() };
          found = found === null ? b : { x0: Math.min(found.x0, b.x0), y0: Math.min(found.y0, b.y0),
                                         x1: Math.max(found.x1, b.x1), y1: Math.max(found.y1, b.y1) };
        });
      });
      return found;
    }
    function lookAt(ids, keep) {
      var all = around(ids);
      var own = around([keep]);
      if (!all || !own) { return; }
      var pad = 24 / Math.max(scale(), 0.01);
      show({ x: all.x0 - pad, y: all.y0 - pad, w: all.x1 - all.x0 + 2 * pad, h: all.y1 - all.y0 + 2 * pad },
           READABLE / smallest);
      // At the readable size the line of sight may not fit: keep the chosen role inside the view.
      var margin = 16 / scale();
      view.x = Math.min(Math.max(view.x, own.x1 + margin - view.w), own.x0 - margin);
      view.y = Math.min(Math.max(view.y, own.y1 + margin - view.h), own.y0 - margin);
      fitted = false;
      apply();
    }

    // -- mouse, pen and fingers (pointer events), and the wheel --
    var pointers = {};
    var moved = 0;
    var lastDrag = 0;
    function spread() {
      var at = Object.keys(pointers).map(function (k) { return pointers[k]; });
      if (at.length < 2) { return null; }
      return { d: Math.hypot(at[0].x - at[1].x, at[0].y - at[1].y), x: (at[0].x + at[1].x) / 2,
               y: (at[0].y + at[1].y) / 2 };
    }
    frame.addEventListener("pointerdown", function (event) {
      if (event.pointerType === "mouse" && event.button !== 0) { return; }
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      moved = 0;
    });
    frame.addEventListener("pointermove", function (event) {
      var was = pointers[event.pointerId];
      if (!was) { return; }
      var before = spread();
      pointers[event.pointerId] = { x: event.clientX, y: event.clientY };
      var after = spread();
      if (before && after && before.d > 0) {  // two fingers: pinch to zoom, move to pan
        zoomAt(after.d / before.d, after.x, after.y);
        panBy(after.x - before.x, after.y - before.y);
        moved += 10;
      } else if (!before) {
        moved += Math.abs(event.clientX - was.x) + Math.abs(event.clientY - was.y);
        if (moved > 4) {
          if (!frame.hasPointerCapture(event.pointerId)) { frame.setPointerCapture(event.pointerId); }
          frame.classList.add("dc-dragging");
          panBy(event.clientX - was.x, event.clientY - was.y);
        }
      }
    });
    function release(event) {
      if (!pointers[event.pointerId]) { return; }
      delete pointers[event.pointerId];
      if (moved > 4) { lastDrag = Date.now(); }
      frame.classList.remove("dc-dragging");
    }
    frame.addEventListener("pointerup", release);
    frame.addEventListener("pointercancel", release);
    frame.addEventListener("wheel", function (event) {
      event.preventDefault();
      var steps = event.deltaMode === 1 ? event.deltaY * 16 : event.deltaY;
      zoomAt(Math.exp(-steps * 0.002), event.clientX, event.clientY);
    }, { passive: false });

    // -- the keyboard: + and − zoom, 0 fits, the arrows move, / searches --
    document.addEventListener("keydown", function (event) {
      var typing = event.target && (event.target.tagName === "INPUT" || event.target.tagName === "TEXTAREA");
      if (typing || event.ctrlKey || event.metaKey || event.altKey) { return; }
      var step = 80;
      var keys = {
        "+": function () { zoomAt(1.25); }, "=": function () { zoomAt(1.25); },
        "-": function () { zoomAt(0.8); }, "_": function () { zoomAt(0.8); },
        "0": fit, "f": fit,
        "ArrowLeft": function () { panBy(step, 0); }, "ArrowRight": function () { panBy(-step, 0); },
        "ArrowUp": function () { panBy(0, step); }, "ArrowDown": function () { panBy(0, -step); },
        "Escape": function () { select(null); },
        "/": function () { document.getElementById("dc-search").focus(); },
      };
      if (keys[event.key]) { event.preventDefault(); keys[event.key](); }
    });

    document.getElementById("dc-fit").addEventListener("click", fit);
    document.getElementById("dc-in").addEventListener("click", function () { zoomAt(1.25); });
    document.getElementById("dc-out").addEventListener("click", function () { zoomAt(0.8); });
    window.addEventListener("resize", function () {
      if (fitted) { fit(); } else { show(view, 0); }
    });
    // The print view shows the whole picture; the screen gets back the view it had.
    var kept = null;
    function printing(on) {
      if (on && kept === null) {
        kept = { x: view.x, y: view.y, w: view.w, h: view.h };
        svg.setAttribute("viewBox", [whole.x, whole.y, whole.w, whole.h].join(" "));
      } else if (!on && kept !== null) {
        view = kept;
        kept = null;
        apply();
      }
    }
    window.addEventListener("beforeprint", function () { printing(true); });
    window.addEventListener("afterprint", function () { printing(false); });
    if (window.matchMedia) {
      var print = window.matchMedia("print");
      var changed = function () { printing(print.matches); };
      if (print.addEventListener) { print.addEventListener("change", changed); }
    }
    fit();
    return {
      fit: fit, zoomAt: zoomAt, panBy: panBy, lookAt: lookAt,
      dragged: function () { return Date.now() - lastDrag < 300; },
    };
  }());

  // -- the diagram: click to select, hover to read --------------------------------------------
  data.nodes.forEach(function (node) {
    var drawn = document.getElementById(node.id);
    if (!drawn || !svg.contains(drawn)) { return; }
    drawn.setAttribute("data-dc", node.kind);
    var tip = document.createElementNS("http://www.w3.org/2000/svg", "title");
    tip.textContent = node.title;
    drawn.insertBefore(tip, drawn.firstChild);
    drawn.addEventListener("click", function (event) {
      event.stopPropagation();
      if (!camera.dragged()) { select(node.id); }
    });
    drawn.addEventListener("mouseenter", function () { showDetails(node.id); });
    drawn.addEventListener("mouseleave", function () { showDetails(selected); });
  });
  svg.addEventListener("click", function () { if (!camera.dragged()) { select(null); } });

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

  // -- clear and print -------------------------------------------------------------------------
  document.getElementById("dc-clear").addEventListener("click", function () {
    search.value = "";
    showResults();
    select(null);
  });
  document.getElementById("dc-print").addEventListener("click", function () { window.print(); });

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
  var kinds = document.getElementById("dc-kinds");
  data.kinds.forEach(function (kind) {
    var item = element("li");
    var box = element("span", null, "dc-box");
    box.style.background = kind.fill;
    box.style.borderColor = kind.line;
    if (kind.dashed) { box.style.borderStyle = "dashed"; }
    item.appendChild(box);
    item.appendChild(element("span", kind.text));
    kinds.appendChild(item);
  });
  if (data.highlight.length) {
    var first = data.nodes.filter(function (node) { return data.highlight.indexOf(node.key) !== -1; })[0];
    if (first) { select(first.id); }
  }
}());
