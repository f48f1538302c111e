// Starts Redoc on the live OpenAPI document of this server. Loaded from the
// server itself (the page's policy allows no inline script).

// The page loads nothing from other origins: Redoc's menu footer shows the
// Redocly logo from its CDN, which the page's policy would block (and report
// as an error). An image address on another origin becomes an empty image
// instead, which Redoc then hides.
(function () {
  function local(value) {
    var v = String(value);
    return /^https?:\/\//i.test(v) && v.indexOf(location.origin + "/") !== 0 ? "data:," : value;
  }
  var setAttribute = Element.prototype.setAttribute;
  Element.prototype.setAttribute = function (name, value) {
    if (this instanceof HTMLImageElement && String(name).toLowerCase() === "src") {
      value = local(value);
    }
    return setAttribute.call(this, name, value);
  };
  var src = Object.getOwnPropertyDescriptor(HTMLImageElement.prototype, "src");
  Object.defineProperty(HTMLImageElement.prototype, "src", {
    configurable: true, enumerable: src.enumerable, get: src.get,
    set: function (value) { src.set.call(this, local(value)); }
  });
})();

Redoc.init("/api/v1/openapi.json", {
  expandResponses: "200,201",
  jsonSampleExpandLevel: 3,
  pathInMiddlePanel: true,
  requiredPropsFirst: true,
  showExtensions: ["x-permission"],
  theme: { sidebar: { width: "280px" } }
}, document.getElementById("redoc"));
