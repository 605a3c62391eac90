/* 上传: several files at once, each with its own progress bar (XHR upload progress), then its
   job polled until the document is read or refused. */
(function () {
  "use strict";
  var J = window.jiandu;
  var drop = document.getElementById("drop");
  var input = document.getElementById("files");
  var queue = document.getElementById("queue");
  var empty = document.getElementById("queue-empty");
  var ALLOWED = /\.(docx|pdf|txt|xlsx|csv)$/i;
  var MAX = parseInt(document.getElementById("upload-form").getAttribute("data-max") || "0", 10);

  function field(id) { var el = document.getElementById(id); return el ? el.value.trim() : ""; }
  function size(n) { return n >= 1048576 ? (n / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(n / 1024)) + " KB"; }

  function row(file) {
    var li = document.createElement("li");
    li.className = "upload";
    var name = document.createElement("div");
    name.className = "name";
    name.textContent = file.name;
    var sz = document.createElement("span");
    sz.className = "size";
    sz.textContent = size(file.size);
    name.appendChild(sz);
    var bar = document.createElement("progress");
    bar.max = 100; bar.value = 0;
    var status = document.createElement("div");
    status.className = "status";
    status.setAttribute("role", "status");
    status.textContent = "等待上传…";
    li.appendChild(name); li.appendChild(bar); li.appendChild(status);
    queue.appendChild(li);
    empty.hidden = true;
    return { li: li, bar: bar, status: status };
  }

  function fail(r, text) {
    r.li.className = "upload failed";
    r.status.textContent = "未能接收：" + text;
  }

  function poll(r, jobUrl, docUrl, started) {
    J.api("GET", jobUrl).then(function (job) {
      if (job.state === "done") {
        r.bar.value = 100;
        r.li.className = "upload done";
        r.status.innerHTML = "";
        r.status.appendChild(document.createTextNode("已完成。"));
        var a = document.createElement("a");
        a.href = docUrl; a.textContent = "查看文档";
        r.status.appendChild(a);
        return J.api("GET", "/api/documents/" + job.document_id).then(function (d) {
          var n = (d.items || []).length;
          r.status.insertBefore(document.createTextNode("已完成：" + (d.title || d.source) + (n ? "，识别出 " + n + " 条问题与建议。" : "。")), a);
          r.status.removeChild(r.status.firstChild);
          var next = { inspection_report: ["inspection", "用于整改跟踪"], rectification_report: ["rectification", "生成整改台账"],
                       draft_regulation: null }[d.kind];
          if (next) {
            var t = document.createElement("a");
            t.href = "/tracking?" + next[0] + "=" + d.id; t.textContent = next[1]; t.className = "next";
            r.status.appendChild(document.createTextNode(" · ")); r.status.appendChild(t);
          } else if (d.kind === "draft_regulation") {
            a.href = "/drafts/" + d.id; a.textContent = "查看草案及意见";
          }
        }).catch(function () { /* the link is enough */ });
      }
      if (job.state === "failed") {
        fail(r, J.reason(job.error || "无法读取"));
        return;
      }
      r.status.textContent = job.state === "running" ? "正在识别文档结构与问题、建议…" : "已上传，排队等待处理…";
      var wait = Date.now() - started > 20000 ? 2000 : 600;
      setTimeout(function () { poll(r, jobUrl, docUrl, started); }, wait);
    }).catch(function (e) {
      r.status.textContent = "查询处理状态失败：" + e.message + "，稍后重试…";
      setTimeout(function () { poll(r, jobUrl, docUrl, started); }, 3000);
    });
  }

  function send(file) {
    var r = row(file);
    if (!ALLOWED.test(file.name)) {
      fail(r, "不支持的文件类型，请上传 Word（.docx）、PDF、纯文本（.txt）或意见表（.xlsx/.csv）。");
      return;
    }
    if (file.size === 0) { fail(r, "空文件。"); return; }
    if (MAX && file.size > MAX) { fail(r, "文件过大（上限 " + size(MAX) + "）。"); return; }
    var fd = new FormData();
    fd.append("file", file, file.name);
    ["kind", "year", "law", "office"].forEach(function (k) { var v = field(k); if (v) fd.append(k, v); });
    var xhr = new XMLHttpRequest();
    xhr.open("POST", "/api/documents");
    var t = J.token();
    if (t) xhr.setRequestHeader("Authorization", "Bearer " + t);
    xhr.upload.onprogress = function (ev) {
      if (ev.lengthComputable) {
        r.bar.value = Math.round(ev.loaded / ev.total * 80);
        r.status.textContent = "正在上传… " + Math.round(ev.loaded / ev.total * 100) + "%";
      }
    };
    xhr.onerror = function () { fail(r, "网络错误，上传中断。"); };
    xhr.onload = function () {
      var data = null;
      try { data = JSON.parse(xhr.responseText); } catch (e) { data = null; }
      if (xhr.status !== 202) { fail(r, J.explain(xhr.status, data && data.detail)); return; }
      r.bar.value = 85;
      if (data.duplicate) r.status.textContent = "该文件此前已上传过，正在查询处理结果…";
      else r.status.textContent = "已上传，排队等待处理…";
      poll(r, data.job, "/documents/" + data.document_id, Date.now());
    };
    xhr.send(fd);
  }

  function take(files) { for (var i = 0; i < files.length; i++) send(files[i]); }

  input.addEventListener("change", function () { take(input.files); input.value = ""; });
  drop.addEventListener("click", function (ev) { if (ev.target.tagName !== "LABEL") input.click(); });
  drop.addEventListener("keydown", function (ev) { if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); input.click(); } });
  ["dragenter", "dragover"].forEach(function (n) {
    drop.addEventListener(n, function (ev) { ev.preventDefault(); drop.classList.add("over"); });
  });
  ["dragleave", "drop"].forEach(function (n) {
    drop.addEventListener(n, function (ev) { ev.preventDefault(); drop.classList.remove("over"); });
  });
  drop.addEventListener("drop", function (ev) { if (ev.dataTransfer) take(ev.dataTransfer.files); });
})();
