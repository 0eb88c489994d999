// Secrets Playground embed script: turns every
//   <div data-secrets-playground data-scenario="canonical" data-panels="editor,matrix" data-readonly></div>
// into an iframe of the playground in embed mode, sized to its content (the playground reports its height with
// postMessage). Include it with <script src="https://YOUR-HOST/web/embed.js" defer></script>.
(function () {
  "use strict";
  var script = document.currentScript;
  var base = new URL("../index.html", script ? script.src : window.location.href);
  var frames = {};
  var counter = 0;

  function embed(host) {
    if (host.getAttribute("data-secrets-playground-ready")) return;
    host.setAttribute("data-secrets-playground-ready", "1");
    var id = "secrets-playground-" + (++counter);
    var url = new URL(base.href);
    url.searchParams.set("embed", "1");
    url.searchParams.set("id", id);
    var scenario = host.getAttribute("data-scenario");
    if (scenario) url.searchParams.set("scenario", scenario);
    var panels = host.getAttribute("data-panels");
    if (panels) url.searchParams.set("panels", panels);
    var readonly = host.getAttribute("data-readonly");
    if (readonly !== null && readonly !== "false" && readonly !== "0") url.searchParams.set("readonly", "1");
    var state = host.getAttribute("data-state");
    if (state) url.hash = state.charAt(0) === "#" ? state.slice(1) : "state=" + state;

    var iframe = document.createElement("iframe");
    iframe.src = url.href;
    iframe.title = host.getAttribute("data-title") || "Secrets Playground: " + (scenario || "canonical");
    iframe.loading = "lazy";
    iframe.style.width = "100%";
    iframe.style.border = "0";
    iframe.style.display = "block";
    iframe.style.height = (host.getAttribute("data-height") || "480") + "px";
    iframe.setAttribute("data-secrets-playground-frame", id);
    frames[id] = iframe;
    host.appendChild(iframe);
  }

  window.addEventListener("message", function (event) {
    var data = event.data;
    if (!data || data.type !== "secrets-playground:height" || typeof data.height !== "number") return;
    var iframe = frames[data.id];
    if (!iframe || iframe.contentWindow !== event.source) return;
    iframe.style.height = Math.max(120, Math.ceil(data.height)) + "px";
  });

  function embedAll() {
    var hosts = document.querySelectorAll("[data-secrets-playground]");
    for (var i = 0; i < hosts.length; i++) embed(hosts[i]);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", embedAll);
  } else {
    embedAll();
  }
})();
