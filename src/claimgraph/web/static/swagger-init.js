// Starts Swagger UI (the locally served swagger-ui-dist bundle) on the API explorer page, /docs.
// A file of its own, not an inline script, so the page's Content-Security-Policy allows scripts from
// this origin only.
(function () {
  "use strict";
  var box = document.getElementById("swagger-ui");
  if (!box) { return; }
  if (typeof window.SwaggerUIBundle !== "function") {
    box.textContent = "The API explorer could not load (swagger-ui not installed); /openapi.json describes the API.";
    return;
  }
  window.ui = window.SwaggerUIBundle({
    url: box.getAttribute("data-openapi-url"),
    dom_id: "#swagger-ui",
    layout: "BaseLayout",
    deepLinking: true,
    showExtensions: true,
    showCommonExtensions: true,
    presets: [window.SwaggerUIBundle.presets.apis, window.SwaggerUIBundle.SwaggerUIStandalonePreset]
  });
})();
