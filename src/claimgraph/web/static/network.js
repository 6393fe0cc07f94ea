// Draws the network view's graph with cytoscape (served locally) from the JSON the page embeds.
// The page's edge table and links work without this script; if the library is missing or fails,
// the graph box says so and the lists stay.
(function () {
  "use strict";
  var box = document.getElementById("graph");
  var data = document.getElementById("graph-data");
  if (!box || !data) { return; }
  function fail(message) {
    box.innerHTML = "";
    var p = document.createElement("p");
    p.className = "muted";
    p.textContent = message + " The lists below show the same network.";
    box.appendChild(p);
  }
  if (typeof window.cytoscape !== "function") { fail("The graph could not be drawn (graph library not loaded)."); return; }
  try {
    var graph = JSON.parse(data.textContent);
    var colours = { state: "#1f5fbf", armed_group: "#b91c1c", armed_force: "#7c2d12", agency: "#6d28d9",
      organization: "#047857", person: "#374151", weapon: "#b45309", place: "#0e7490", group: "#9ca3af" };
    var elements = [];
    graph.nodes.forEach(function (n) {
      elements.push({ data: { id: n.id, label: n.name, kind: n.kind, size: 18 + Math.min(30, n.degree * 4) } });
    });
    graph.edges.forEach(function (e, i) {
      elements.push({ data: { id: "e" + i, source: e.source, target: e.target, label: e.type + (e.claims > 1 ? " ×" + e.claims : ""),
        type: e.type, width: 1 + Math.min(6, e.claims), directed: e.directed } });
    });
    var cy = window.cytoscape({
      container: box, elements: elements, wheelSensitivity: 0.3,
      layout: { name: graph.nodes.length > 150 ? "grid" : "cose", animate: false, nodeRepulsion: 9000, idealEdgeLength: 90 },
      style: [
        { selector: "node", style: { "label": "data(label)", "width": "data(size)", "height": "data(size)", "font-size": 10,
          "background-color": function (n) { return colours[n.data("kind")] || "#6b7280"; }, "text-valign": "bottom", "text-margin-y": 3 } },
        { selector: "edge", style: { "width": "data(width)", "curve-style": "bezier", "line-color": "#9ca3af",
          "target-arrow-color": "#9ca3af", "target-arrow-shape": "triangle", "label": "data(label)", "font-size": 8,
          "text-rotation": "autorotate", "color": "#4b5563" } },
        { selector: "edge[!directed]", style: { "target-arrow-shape": "none" } }
      ]
    });
    cy.on("tap", "node", function (ev) { window.location.href = "/entities/" + encodeURIComponent(ev.target.id()); });
    cy.on("tap", "edge", function (ev) {
      var d = ev.target.data();
      window.location.href = "/edges?source=" + encodeURIComponent(d.source) + "&target=" + encodeURIComponent(d.target) +
        "&type=" + encodeURIComponent(d.type);
    });
    box.setAttribute("data-ready", "true");
    window.claimgraphNetwork = cy;
  } catch (err) {
    fail("The graph could not be drawn (" + err.message + ").");
  }
})();
