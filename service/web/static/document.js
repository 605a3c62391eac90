/* 文档: save a correction of an item's type or theme through PATCH /api/items/{id}. */
(function () {
  "use strict";
  var J = window.jiandu;
  var TYPE_CN = { problem: "问题", recommendation: "建议" };
  document.querySelectorAll("form.item-edit").forEach(function (form) {
    var original = { type: form.elements.type.value, theme: form.elements.theme.value.trim() };
    form.addEventListener("submit", function (ev) {
      ev.preventDefault();
      var msg = form.querySelector(".save-msg");
      var patch = {};
      var type = form.elements.type.value, theme = form.elements.theme.value.trim();
      if (type !== original.type) patch.type = type;
      if (theme !== original.theme) patch.theme = theme || null;
      if (!Object.keys(patch).length) { msg.textContent = "未作修改"; msg.className = "save-msg"; return; }
      var btn = form.querySelector("button");
      btn.disabled = true;
      msg.textContent = "正在保存…"; msg.className = "save-msg";
      J.api("PATCH", "/api/items/" + form.getAttribute("data-item"), patch).then(function (it) {
        original = { type: it.type, theme: it.theme || "" };
        msg.textContent = "已保存"; msg.className = "save-msg ok";
        var head = form.closest(".item-head");
        var badge = head.querySelector(".badge");
        badge.className = "badge badge-" + it.type;
        badge.textContent = it.item_id + " " + (TYPE_CN[it.type] || it.type);
        var box = head.closest(".blk");
        if (box) {
          box.classList.remove("item-problem", "item-recommendation");
          box.classList.add("item-" + it.type);
          var next = box.nextElementSibling;
          while (next && next.classList.contains("cont")) {
            next.classList.remove("item-problem", "item-recommendation");
            next.classList.add("item-" + it.type);
            next = next.nextElementSibling;
          }
        }
        var tag = head.querySelector(".theme-tag");
        if (it.theme) {
          if (!tag) { tag = document.createElement("span"); tag.className = "theme-tag"; badge.after(tag); }
          tag.textContent = "主题：" + it.theme;
        } else if (tag) { tag.remove(); }
        if (!head.querySelector(".corrected")) {
          var c = document.createElement("span");
          c.className = "corrected"; c.textContent = "已更正"; c.title = "已由人工更正";
          (tag || badge).after(c);
        }
      }).catch(function (e) {
        msg.textContent = "保存失败：" + e.message; msg.className = "save-msg error";
      }).then(function () { btn.disabled = false; });
    });
  });
  if (location.hash) {
    var el = document.querySelector(location.hash);
    if (el) { el.scrollIntoView({ block: "center" }); }
  }
})();
