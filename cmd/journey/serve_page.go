package main

// previewPage is the live preview. It listens to /events and, at every new
// version, fetches /map.svg in the view the switch shows (the flow picture
// or the canvas, --view first) and swaps it in, so the wall never flashes
// a blank page. The SVG comes from our own renderer, where every user string
// is escaped, so it is inlined to keep its tooltips.
const previewPage = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>journey preview</title>
<style>
  :root { --bg: #f6f7f9; --fg: #1d2330; --muted: #5b6475; --err: #b42318; --warn: #9a6700; --ok: #067647; }
  * { box-sizing: border-box; }
  body { margin: 0; font: 15px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; background: var(--bg); color: var(--fg); }
  header { display: flex; align-items: center; gap: 12px; padding: 8px 16px; background: #fff; border-bottom: 1px solid #dde1e8; position: sticky; top: 0; z-index: 1; }
  header h1 { font-size: 16px; margin: 0; font-weight: 600; }
  #status { padding: 2px 10px; border-radius: 999px; font-size: 13px; font-weight: 600; background: #e7f6ee; color: var(--ok); }
  #status.bad { background: #fdecea; color: var(--err); }
  #status.off { background: #eceef2; color: var(--muted); }
  #updated { color: var(--muted); font-size: 13px; margin-left: auto; }
  #views { display: inline-flex; }
  #views button { border-radius: 0; }
  #views button:first-child { border-radius: 6px 0 0 6px; }
  #views button:last-child { border-radius: 0 6px 6px 0; margin-left: -1px; }
  #views button[aria-pressed="true"] { background: #1d2330; color: #fff; border-color: #1d2330; }
  button { font: inherit; font-size: 13px; padding: 3px 10px; border: 1px solid #c9ced8; border-radius: 6px; background: #fff; cursor: pointer; }
  #problems { display: none; margin: 12px 16px 0; padding: 10px 14px; background: #fff; border: 1px solid #f3b8b2; border-left: 4px solid var(--err); border-radius: 6px; }
  #problems.show { display: block; }
  #problems h2 { font-size: 14px; margin: 0 0 6px; color: var(--err); }
  #problems ul { margin: 0; padding-left: 18px; font: 13px/1.5 ui-monospace, SFMono-Regular, Menlo, monospace; }
  #problems li.warning { color: var(--warn); }
  #map { padding: 16px; }
  #map svg { display: block; margin: 0 auto; background: #fff; border-radius: 6px; box-shadow: 0 1px 3px rgba(0,0,0,.12); }
  body.fit #map svg { width: 100%; height: auto; max-height: calc(100vh - 90px); }
  #empty { color: var(--muted); text-align: center; padding: 64px 16px; }
</style>
</head>
<body class="fit">
<header>
  <h1>journey preview</h1>
  <span id="status" class="off">connecting…</span>
  <span id="updated"></span>
  <span id="views" role="group" aria-label="View">
    <button type="button" data-view="flow" aria-pressed="false" title="Stages with the flow between touchpoints">Flow</button>
    <button type="button" data-view="canvas" aria-pressed="false" title="Stages as columns, lanes for doing, thinking, feeling, pains and more">Canvas</button>
  </span>
  <button id="fit" type="button" title="Toggle fit to window">Fit: on</button>
</header>
<section id="problems" aria-live="polite"><h2></h2><ul></ul></section>
<main id="map"><p id="empty">Waiting for the first map…</p></main>
<script>
(function () {
  var statusEl = document.getElementById("status");
  var updatedEl = document.getElementById("updated");
  var problems = document.getElementById("problems");
  var mapEl = document.getElementById("map");
  var shown = -1;
  // view is the picture shown: the server's --view until the switch is
  // used, then the one chosen.
  var view = null, lastState = null;
  var viewButtons = document.querySelectorAll("#views button");
  function markView() {
    viewButtons.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.view === view)); });
  }
  viewButtons.forEach(function (b) {
    b.onclick = function () {
      if (view === b.dataset.view) return;
      view = b.dataset.view;
      markView();
      shown = -1;
      if (lastState) showState(lastState);
    };
  });
  document.getElementById("fit").onclick = function () {
    var on = document.body.classList.toggle("fit");
    this.textContent = "Fit: " + (on ? "on" : "off");
  };
  function text(s) { return document.createTextNode(s); }
  function showState(st) {
    lastState = st;
    if (view === null) { view = st.view || "flow"; markView(); }
    var errs = st.diagnostics.filter(function (d) { return d.severity === "error"; }).length;
    if (st.ok) {
      statusEl.className = ""; statusEl.textContent = "live";
    } else {
      statusEl.className = "bad";
      statusEl.textContent = st.error ? "cannot draw" : errs + (errs === 1 ? " error" : " errors");
    }
    updatedEl.textContent = "updated " + new Date(st.updated).toLocaleTimeString() + " · version " + st.version;
    var ul = problems.querySelector("ul");
    ul.textContent = "";
    if (st.error) {
      var li = document.createElement("li"); li.appendChild(text(st.error)); ul.appendChild(li);
    }
    st.diagnostics.forEach(function (d) {
      var li = document.createElement("li");
      li.className = d.severity;
      li.appendChild(text(d.file + ":" + d.line + ":" + d.column + ": " + d.severity + ": " + d.message + " [" + d.rule + "]"));
      ul.appendChild(li);
    });
    var any = ul.children.length > 0;
    problems.querySelector("h2").textContent = st.ok ? "Warnings" :
      (st.has_map ? "The map below is the last good one. Fix these to redraw it:" : "Fix these to draw the map:");
    problems.classList.toggle("show", any);
    // Until a first map comes, say why there is none instead of waiting:
    // a journey with errors, or journey cannot draw at all (no
    // journey-graphviz helper, or one of another release).
    var empty = document.getElementById("empty");
    if (empty && !st.has_map && !st.ok) {
      empty.textContent = st.error ? "No map: journey cannot draw it. See the problem above." :
        "No map yet: fix the problems above.";
    }
    if (st.has_map && st.map_version !== shown) {
      var v = st.map_version, want = view;
      fetch("/map.svg?view=" + want + "&v=" + v, { cache: "no-store" }).then(function (r) {
        if (!r.ok) throw new Error(r.status);
        return r.text();
      }).then(function (svg) {
        if (v < shown || want !== view) return;
        shown = v;
        mapEl.innerHTML = svg;
      }).catch(function () {});
    }
  }
  var es = new EventSource("/events");
  es.onmessage = function (e) { showState(JSON.parse(e.data)); };
  es.onerror = function () { statusEl.className = "off"; statusEl.textContent = "disconnected, retrying…"; };
})();
</script>
</body>
</html>
`
