// Swagger UI from the installed swagger-ui-bundle package (no CDN), started from a file, not an
// inline script, so the page works under the same Content-Security-Policy as every other page.
"use strict";
window.addEventListener("DOMContentLoaded", () => {
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
  });
});
