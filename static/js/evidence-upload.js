// Evidence upload: each file goes up on its own request with a progress bar (percentage and
// bytes sent), so on a slow line one failed file can be retried without losing the others or
// the form. Without this script the form still works: it posts the record and all files at once.
// No request here has a time limit: a 5 MB photo takes about two minutes at 400 kbit/s.
(function () {
  "use strict";
  var form = document.querySelector("[data-evidence-upload]");
  if (!form || !window.FormData || !window.XMLHttpRequest) return;

  var list = form.querySelector("[data-file-list]");
  var zone = form.querySelector("[data-dropzone]");
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var pending = [];
  var uploadUrl = null;
  // Until a first file is accepted the record does not exist: each file goes to the item's
  // "new record" address with the record's fields, and the first accepted one stores the
  // record (a record whose every file is refused is never stored). Then the answer gives the
  // record's own address for the remaining files.
  var recordFields = null;
  var maxBytes = parseInt(form.dataset.maxBytes, 10);
  var allowed = (form.dataset.allowed || "").split(",");
  // Where the form's own post lands when everything is stored.
  var doneUrl = form.dataset.doneUrl || window.location.pathname;
  var submit = form.querySelector("button[type=submit]");
  // Requests under way: while there is one, the button is off and leaving the page asks first.
  var busy = 0;
  var number = window.Intl
    ? new Intl.NumberFormat(document.documentElement.lang || "vi", { maximumFractionDigits: 1 })
    : { format: function (n) { return String(Math.round(n * 10) / 10); } };

  // Translated words come from the page (json_script), not from this file.
  var texts = JSON.parse(document.getElementById("evidence-upload-texts").textContent);
  function text(key) { return texts[key] || key; }

  function size(bytes) {
    if (bytes < 1024 * 1024) return number.format(Math.ceil(bytes / 1024)) + " KB";
    return number.format(bytes / (1024 * 1024)) + " MB";
  }

  function setBusy(delta) {
    busy = Math.max(0, busy + delta);
    submit.disabled = busy > 0;
    form.querySelectorAll("[data-files]").forEach(function (input) { input.disabled = busy > 0; });
    if (busy > 0) form.setAttribute("aria-busy", "true");
    else form.removeAttribute("aria-busy");
  }

  window.addEventListener("beforeunload", function (event) {
    if (busy > 0) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function add(files) {
    Array.prototype.forEach.call(files, function (file) {
      var item = document.createElement("li");
      item.className = "border rounded p-2 mb-1";
      item.innerHTML =
        '<div class="d-flex justify-content-between gap-2"><span class="text-break"></span>' +
        '<button type="button" class="btn btn-link btn-sm p-0" data-remove></button></div>' +
        '<div class="progress my-1" role="progressbar" aria-valuemin="0" aria-valuemax="100">' +
        '<div class="progress-bar progress-bar-start"></div></div>' +
        '<div class="small" data-state></div>';
      item.querySelector("span").textContent = file.name + " (" + size(file.size) + ")";
      item.querySelector("[data-state]").textContent = text("waiting");
      var entry = { file: file, item: item, state: "waiting" };
      item.querySelector("[data-remove]").textContent = text("remove");
      item.querySelector("[data-remove]").addEventListener("click", function () {
        pending.splice(pending.indexOf(entry), 1);
        item.remove();
      });
      pending.push(entry);
      list.appendChild(item);
      // Refuse here what the server would refuse, before sending megabytes over a slow line.
      var ext = file.name.indexOf(".") < 0 ? "" : file.name.split(".").pop().toLowerCase();
      if (allowed.indexOf(ext) < 0) fail(entry, text("bad_type").replace("%s", file.name), false);
      else if (file.size > maxBytes) fail(entry, text("too_big").replace("%s", file.name), false);
    });
  }

  form.querySelectorAll("[data-files]").forEach(function (input) {
    input.addEventListener("change", function () {
      add(input.files);
      input.value = "";
    });
  });
  ["dragover", "dragenter"].forEach(function (name) {
    zone.addEventListener(name, function (event) { event.preventDefault(); zone.classList.add("bg-body-secondary"); });
  });
  zone.addEventListener("dragleave", function () { zone.classList.remove("bg-body-secondary"); });
  zone.addEventListener("drop", function (event) {
    event.preventDefault();
    zone.classList.remove("bg-body-secondary");
    add(event.dataTransfer.files);
  });

  function send(entry) {
    var item = entry.item;
    var bar = item.querySelector(".progress-bar");
    var meter = bar.parentNode;
    var state = item.querySelector("[data-state]");
    var remove = item.querySelector("[data-remove]");
    remove.hidden = true;
    entry.state = "sending";
    state.textContent = text("sending");
    bar.classList.remove("bg-danger");
    setBusy(1);
    return new Promise(function (resolve) {
      function settle() {
        setBusy(-1);
        resolve();
      }
      var data = new FormData();
      if (recordFields) {
        recordFields.forEach(function (value, name) { data.append(name, value); });
      }
      data.append("file", entry.file);
      var xhr = new XMLHttpRequest();
      xhr.open("POST", uploadUrl);
      xhr.setRequestHeader("X-CSRFToken", csrf);
      xhr.setRequestHeader("Accept", "application/json");
      xhr.upload.addEventListener("progress", function (event) {
        if (!event.lengthComputable) return;
        // Rounded down: 100 % only once the last byte has left.
        var percent = Math.floor((event.loaded / event.total) * 100);
        bar.style.width = percent + "%";
        meter.setAttribute("aria-valuenow", percent);
        state.textContent = event.loaded < event.total
          ? text("progress").replace("{percent}", percent)
              .replace("{sent}", size(event.loaded)).replace("{total}", size(event.total))
          : text("processing");
      });
      xhr.addEventListener("load", function () {
        var body = null;
        try { body = JSON.parse(xhr.responseText); } catch (e) { body = null; }
        if (body === null && xhr.status === 200) {
          // A login page instead of JSON: the session ended. Nothing was saved.
          fail(entry, text("session"), true);
        } else if (body === null) {
          // A proxy's own error page (502, 504…): worth another try.
          fail(entry, text("failed") + " " + xhr.status, xhr.status >= 500);
        } else if (xhr.status === 200) {
          entry.state = "done";
          if (recordFields && body.upload_url) {
            uploadUrl = body.upload_url;
            recordFields = null;
          }
          bar.style.width = "100%";
          bar.classList.add("bg-success");
          state.textContent = body.message || text("done");
        } else {
          // The server's refusal (type, size) will not change on a retry; a server error may.
          fail(entry, body.error || (text("failed") + " " + xhr.status), xhr.status >= 500);
        }
        settle();
      });
      ["error", "abort", "timeout"].forEach(function (name) {
        xhr.addEventListener(name, function () { fail(entry, text("network"), true); settle(); });
      });
      xhr.send(data);
    });
  }

  function fail(entry, message, retryable) {
    entry.state = "failed";
    var item = entry.item;
    item.querySelector(".progress-bar").classList.add("bg-danger");
    item.querySelector("[data-remove]").hidden = false;
    var state = item.querySelector("[data-state]");
    state.textContent = message + " ";
    state.classList.add("text-danger");
    if (!retryable) return;
    var retry = document.createElement("button");
    retry.type = "button";
    retry.className = "btn btn-outline-secondary btn-sm ms-1";
    retry.textContent = text("retry");
    retry.addEventListener("click", function () {
      if (busy > 0) return;  // one upload at a time on a slow line
      state.classList.remove("text-danger");
      send(entry).then(finish);
    });
    state.appendChild(retry);
  }

  function finish() {
    if (busy > 0) return;
    if (pending.every(function (e) { return e.state === "done"; })) {
      window.location.assign(doneUrl);
      return;
    }
    // Something failed or still waits: the page stays as it is (fields, files, their reasons).
    if (!form.querySelector("[data-reload]")) {
      var link = document.createElement("a");
      link.href = doneUrl;
      link.className = "btn btn-link btn-sm";
      link.setAttribute("data-reload", "");
      link.textContent = text("reload");
      list.after(link);
    }
  }

  function uploadAll() {
    var queue = pending.filter(function (e) { return e.state === "waiting"; });
    return queue.reduce(function (chain, entry) {
      return chain.then(function () { return send(entry); });
    }, Promise.resolve()).then(finish);
  }

  // Tests (and slow phones) can tell when the form is handled by this script.
  form.setAttribute("data-upload-ready", "");

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (busy > 0) return;
    if (!pending.length) {
      alert(text("nofile"));
      return;
    }
    if (uploadUrl) {
      uploadAll();
      return;
    }
    var fields = new FormData();
    ["csrfmiddlewaretoken", "kind", "number", "issued_on", "issuer", "summary"].forEach(function (name) {
      var input = form.querySelector("[name=" + name + "]");
      if (input) fields.append(name, input.value);
    });
    form.querySelectorAll(".is-invalid").forEach(function (el) { el.classList.remove("is-invalid"); });
    form.querySelectorAll("[data-script-error]").forEach(function (el) { el.remove(); });
    setBusy(1);
    fetch(form.action, { method: "POST", body: fields, headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected) throw new Error("session");
        return response.json().then(function (body) { return [response.status, body]; });
      })
      .then(function (result) {
        setBusy(-1);
        if (result[0] !== 200) {
          Object.keys(result[1].errors || {}).forEach(function (name) {
            var input = form.querySelector("[name=" + name + "]");
            if (input) {
              input.classList.add("is-invalid");
              var note = document.createElement("div");
              note.className = "invalid-feedback";
              note.setAttribute("data-script-error", "");
              note.textContent = result[1].errors[name].join(" ");
              input.after(note);
            }
          });
          return;
        }
        uploadUrl = result[1].upload_url;
        recordFields = fields;
        form.querySelectorAll("input:not([type=file]), textarea").forEach(function (el) { el.readOnly = true; });
        uploadAll();
      })
      .catch(function (error) {
        setBusy(-1);
        alert(text(error && error.message === "session" ? "session" : "network_form"));
      });
  });
})();
