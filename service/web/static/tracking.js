/* 整改跟踪: filter the ledger by status without reloading (the links still work without scripts). */
(function () {
  "use strict";
  var chips = document.querySelectorAll(".status-filter .chip");
  var rows = document.querySelectorAll("#ledger tbody tr.pt");
  chips.forEach(function (chip) {
    chip.addEventListener("click", function (ev) {
      ev.preventDefault();
      var want = chip.getAttribute("data-status");
      chips.forEach(function (c) { c.classList.toggle("on", c === chip); });
      rows.forEach(function (r) { r.hidden = !!want && r.getAttribute("data-status") !== want; });
      if (history.replaceState) history.replaceState(null, "", chip.getAttribute("href"));
    });
  });
})();
/* Pairing help: when an inspection is picked and no report is chosen yet, preselect the
   rectification report whose title shares most wording with it (they name the same subject). */
(function () {
  "use strict";
  var insp = document.getElementById("inspection");
  var rect = document.getElementById("rectification");
  if (!insp || !rect) return;
  function grams(s) {
    var out = {};
    s = s.replace(/[（）()《》〈〉“”"、，。\s\d]/g, "").replace(/关于|报告|情况|审议意见|研究处理|人民政府|人大常委会|常委会/g, "|");
    for (var i = 0; i + 1 < s.length; i++) { var g = s.substr(i, 2); if (g.indexOf("|") < 0) out[g] = 1; }
    return out;
  }
  function overlap(a, b) {
    var n = 0, t = 0, k;
    for (k in a) { t++; if (b[k]) n++; }
    for (k in b) { if (!a[k]) t++; }
    return t ? n / t : 0;
  }
  function suggest() {
    if (!insp.value || rect.selectedOptions.length) return;
    var want = grams(insp.options[insp.selectedIndex].text), best = null, score = 0.08;
    for (var i = 0; i < rect.options.length; i++) {
      var s = overlap(want, grams(rect.options[i].text));
      if (s > score) { score = s; best = rect.options[i]; }
    }
    if (best) best.selected = true;
  }
  insp.addEventListener("change", suggest);
  suggest();
})();
