/* The drill room's only script: live sections over Server-Sent Events, forms sent without
   leaving the page (answers shown as text, never as HTML), the ticking clock, reply buttons.
   Sections arrive as HTML the server rendered with autoescaping; nothing else is inserted. */
(function () {
  "use strict";
  var body = document.body;
  var csrf = body.getAttribute("data-csrf") || "";
  var clockBase = null;

  function fmt(t) {
    t = Math.max(0, Math.floor(t));
    var h = Math.floor(t / 3600), m = Math.floor((t % 3600) / 60), s = t % 60;
    if (h) return h + "h" + (m < 10 ? "0" : "") + m + "m" + (s < 10 ? "0" : "") + s + "s";
    if (m) return m + "m" + (s < 10 ? "0" : "") + s + "s";
    return s + "s";
  }

  function resetClock() {
    var el = document.querySelector("[data-clock]");
    if (!el) { clockBase = null; return; }
    clockBase = { el: el, t: parseFloat(el.getAttribute("data-t")) || 0, at: Date.now(),
                  running: el.getAttribute("data-running") === "1" };
  }

  function tick() {
    if (!clockBase || !clockBase.running || !document.body.contains(clockBase.el)) return;
    clockBase.el.textContent = fmt(clockBase.t + (Date.now() - clockBase.at) / 1000);
  }

  function apply(sections) {
    Object.keys(sections).forEach(function (id) {
      var el = document.getElementById("s-" + id);
      if (el) el.innerHTML = sections[id];
    });
    resetClock();
    var ch = document.querySelector("#s-channel .channel");
    if (ch) ch.scrollTop = ch.scrollHeight;
  }

  function setLive(ok) {
    var dot = document.getElementById("live");
    if (dot) dot.className = ok ? "live on" : "live off";
  }

  var stream = body.getAttribute("data-stream");
  if (stream && window.EventSource) {
    var es = new EventSource(stream);
    es.addEventListener("sections", function (m) {
      try { apply(JSON.parse(m.data)); setLive(true); } catch (e) { setLive(false); }
    });
    es.addEventListener("end", function () { es.close(); setLive(false); });  // drill over
    es.onopen = function () { setLive(true); };
    es.onerror = function () { setLive(false); };
  }

  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (!form.classList || !form.classList.contains("act")) return;
    e.preventDefault();
    var ask = form.getAttribute("data-confirm");
    if (ask && !window.confirm(ask)) return;
    var out = form.querySelector("output");
    var button = form.querySelector("button[type=submit]");
    if (button) button.disabled = true;
    fetch(form.getAttribute("action"), {
      method: "POST",
      body: new URLSearchParams(new FormData(form)),
      headers: { "Accept": "application/json", "X-CSRF-Token": csrf },
      credentials: "same-origin"
    }).then(function (r) {
      return r.json().then(function (j) { return { ok: r.ok, body: j }; });
    }).then(function (a) {
      if (out) {
        out.textContent = a.ok ? "recorded: " + (a.body.text || "ok") : (a.body.error || "refused");
        out.className = "result " + (a.ok ? "ok" : "error");
      }
      if (a.ok) {
        form.querySelectorAll("textarea, input[type=text], input:not([type])").forEach(
          function (f) { f.value = ""; });
      }
    }).catch(function () {
      if (out) { out.textContent = "the drill did not answer; try again"; out.className = "result error"; }
    }).then(function () { if (button) button.disabled = false; });
  });

  document.addEventListener("click", function (e) {
    var b = e.target.closest ? e.target.closest("button.reply") : null;
    if (!b) return;
    var form = document.getElementById("form-notify");
    if (!form) return;
    var details = form.closest("details");
    if (details) details.open = true;
    form.querySelector("[name=reply_to]").value = b.getAttribute("data-inject");
    var text = form.querySelector("[name=text]");
    form.scrollIntoView({ block: "center" });
    if (text) text.focus();
  });

  resetClock();
  setInterval(tick, 1000);
})();
