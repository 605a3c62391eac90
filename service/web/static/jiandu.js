/* Shared by every page: the sign-in token and calls to the JSON API with it. */
(function () {
  "use strict";
  function cookieToken() {
    var m = document.cookie.match(/(?:^|;\s*)jd_token=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : "";
  }
  var J = window.jiandu = {
    token: function () {
      var t = "";
      try { t = localStorage.getItem("jd_token") || ""; } catch (e) { /* storage blocked */ }
      return t || cookieToken();
    },
    remember: function (token) {
      try { localStorage.setItem("jd_token", token); } catch (e) { /* storage blocked: cookie only */ }
      document.cookie = "jd_token=" + encodeURIComponent(token) + "; path=/; max-age=" + (30 * 86400) +
        "; SameSite=Strict" + (location.protocol === "https:" ? "; Secure" : "");
    },
    forget: function () {
      try { localStorage.removeItem("jd_token"); } catch (e) { /* ignore */ }
      document.cookie = "jd_token=; path=/; max-age=0; SameSite=Strict";
    },
    headers: function (extra) {
      var h = extra || {};
      var t = J.token();
      if (t) h["Authorization"] = "Bearer " + t;
      return h;
    },
    /* fetch JSON from the API; rejects with an Error whose message is readable Chinese. */
    api: function (method, url, body) {
      var opts = { method: method, headers: J.headers(body ? { "Content-Type": "application/json" } : {}) };
      if (body) opts.body = JSON.stringify(body);
      return fetch(url, opts).then(function (r) {
        return r.text().then(function (text) {
          var data = null;
          try { data = text ? JSON.parse(text) : null; } catch (e) { data = null; }
          if (!r.ok) {
            var err = new Error(J.explain(r.status, data && data.detail));
            err.status = r.status;
            throw err;
          }
          return data;
        });
      });
    },
    /* What an HTTP status or a reader's reason means, in Chinese (the original kept in brackets). */
    explain: function (status, detail) {
      var d = typeof detail === "string" ? detail : (detail ? JSON.stringify(detail) : "");
      var base = {
        401: "登录已失效，请重新登录", 403: "您的角色无权进行此操作", 404: "没有找到该内容",
        413: "文件过大", 422: "提交的内容不符合要求", 503: "服务暂不可用，请稍后再试"
      }[status] || ("请求失败（" + status + "）");
      return base + (d ? "：" + J.reason(d) : "");
    },
    reason: function (text) {
      var table = [
        [/^unsupported format/i, "不支持的文件格式，请上传 Word（.docx）、PDF 或纯文本（.txt）"],
        [/legacy Word\/WPS/i, "旧版 Word/WPS 格式（.doc/.wps），请另存为 .docx 后重新上传"],
        [/encrypted/i, "文件已加密，请去除密码后重新上传"],
        [/^empty file/i, "空文件"],
        [/too large|the limit is/i, "文件过大"],
        [/too many pages/i, "页数过多"],
        [/corrupt|truncated|not a valid zip|damaged/i, "文件已损坏或不完整"],
        [/not a Word document/i, "不是有效的 Word 文档"],
        [/no text found/i, "文件中没有可识别的文字（可能是扫描件）"],
        [/unknown encoding|binary data/i, "无法识别的文本编码"],
        [/took longer than/i, "处理超时"],
        [/zip bomb/i, "压缩内容异常，已拒绝"]
      ];
      for (var i = 0; i < table.length; i++) {
        if (table[i][0].test(text)) return table[i][1] + "（" + text + "）";
      }
      return text;
    }
  };
  var out = document.getElementById("logout");
  if (out) out.addEventListener("click", function () { J.forget(); });
})();
