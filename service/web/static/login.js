(function () {
  "use strict";
  var form = document.getElementById("login-form");
  var msg = document.getElementById("login-msg");
  var input = document.getElementById("token");
  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    var token = input.value.trim();
    if (!token) { msg.textContent = "请输入访问令牌。"; msg.className = "msg error"; return; }
    msg.textContent = "正在验证…"; msg.className = "msg";
    fetch("/api/me", { headers: { "Authorization": "Bearer " + token } }).then(function (r) {
      if (r.status === 401) throw new Error("令牌无效或已被停用，请核对后重新输入。");
      if (!r.ok) throw new Error("暂时无法登录（" + r.status + "），请稍后再试。");
      return r.json();
    }).then(function (me) {
      window.jiandu.remember(token);
      msg.textContent = "欢迎，" + me.name + "。正在进入…"; msg.className = "msg ok";
      var next = form.getAttribute("data-next") || "/";
      window.location.assign(next);
    }).catch(function (e) {
      msg.textContent = e.message || "登录失败"; msg.className = "msg error";
    });
  });
})();
