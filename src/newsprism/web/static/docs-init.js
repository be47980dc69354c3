// Starts Swagger UI on /openapi.json (served with the app's own CSP: no inline script, no CDN).
// Writes from "Try it out" carry this session's CSRF token, read from the page's meta tag.
window.addEventListener("load", function () {
  var meta = document.querySelector('meta[name="csrf-token"]');
  var token = meta ? meta.getAttribute("content") : "";
  window.ui = SwaggerUIBundle({
    url: "/openapi.json",
    dom_id: "#swagger-ui",
    validatorUrl: null,
    deepLinking: true,
    presets: [SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    requestInterceptor: function (req) {
      if (req.method && req.method.toUpperCase() !== "GET") { req.headers["X-CSRF-Token"] = token; }
      return req;
    }
  });
});
