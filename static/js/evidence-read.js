// Evidence reading on the new-record form: the first readable file the officer picks or drops
// is sent to be read in the background (templates/reading/_form_reader.html names where);
// once read, the form's empty fields are filled from the document's header, each marked
// "Đọc từ tệp" until the person edits it, and the items the file may also support are shown.
// A field the person has typed in is never overwritten, and nothing is saved here: the person
// still submits the form. Without this script the form works as before.
(function () {
  "use strict";
  var form = document.querySelector("[data-evidence-upload]");
  var panel = form && form.querySelector("[data-reading-panel]");
  if (!panel || !window.FormData || !window.fetch) return;

  var FIELDS = ["kind", "number", "issued_on", "issuer", "summary"];
  var POLL_MS = 1500;
  var POLL_MAX = 400; // about ten minutes: a reading still waiting then waits for a stopped worker
  var texts = panel.dataset;
  var readable = (panel.dataset.readable || "").split(",");
  var maxBytes = parseInt(form.dataset.maxBytes, 10) || Infinity;
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var message = panel.querySelector("[data-reading-message]");
  var progress = panel.querySelector("[data-reading-progress]");
  var suggestionsBox = panel.querySelector("[data-reading-suggestions]");
  var touched = {}; // fields the person typed in
  var filled = {}; // fields this script filled, until the person edits them
  var busy = false; // one file at a time; after a failure the next file is tried
  var done = false; // once a file is read, later files fill nothing
  var polls = 0;

  FIELDS.forEach(function (name) {
    var input = form.querySelector("[name=" + name + "]");
    if (!input) return;
    input.addEventListener("input", function () {
      touched[name] = true;
      if (filled[name]) unmark(name);
    });
  });

  // Capture phase: before evidence-upload.js takes the files and empties the input.
  form.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-files]")) start(event.target.files);
  }, true);
  form.addEventListener("drop", function (event) {
    if (event.dataTransfer) start(event.dataTransfer.files);
  }, true);

  function extension(name) {
    return name.indexOf(".") < 0 ? "" : name.split(".").pop().toLowerCase();
  }

  var candidates = []; // the readable files of the last choice, tried in turn until one reads

  function start(files) {
    if (busy || done || !files) return;
    candidates = Array.prototype.filter.call(files, function (file) {
      return readable.indexOf(extension(file.name)) >= 0 && file.size <= maxBytes;
    });
    next();
  }

  function next() {
    var file = candidates.shift();
    if (!file) return;
    busy = true;
    say(texts.textSending, false);
    var data = new FormData();
    data.append("file", file);
    request(panel.dataset.stageUrl, data).then(follow).catch(failed);
  }

  function request(url, body) {
    var options = { credentials: "same-origin", headers: { Accept: "application/json" } };
    if (body) {
      options.method = "POST";
      options.body = body;
      options.headers["X-CSRFToken"] = csrf;
    }
    return fetch(url, options).then(function (response) {
      if (response.redirected) throw new Error("session");
      return response.json().then(function (json) {
        if (!response.ok) throw new Error(json.error || "");
        return json;
      });
    });
  }

  function failed(error) {
    busy = false;
    progress.hidden = true;
    say((error && error.message && error.message !== "session" ? error.message + " " : "") + texts.textFailed, true);
    if (candidates.length) next();
  }

  function follow(state) {
    say(state.message, state.status === "failed");
    if (state.pages && !state.finished) {
      progress.hidden = false;
      progress.querySelector(".progress-bar").style.width = Math.round((state.pages_done / state.pages) * 100) + "%";
    } else {
      progress.hidden = true;
    }
    if (!state.finished) {
      polls += 1;
      if (polls > POLL_MAX) {
        busy = false;
        say(texts.textSlow, true);
        return;
      }
      setTimeout(function () { request(state.url).then(follow).catch(failed); }, POLL_MS);
      return;
    }
    polls = 0;
    busy = false;
    if (state.status !== "done") {
      say(state.message + " " + texts.textFailed, true);
      if (candidates.length) next();
      return;
    }
    done = true;
    candidates = [];
    fill(state.fields || {});
    suggest(state);
    panel.setAttribute("data-reading-done", "");
  }

  function say(text, isError) {
    panel.hidden = false;
    message.textContent = text;
    message.classList.toggle("text-danger", !!isError);
  }

  function fill(fields) {
    var count = 0;
    FIELDS.forEach(function (name) {
      var input = form.querySelector("[name=" + name + "]");
      var value = fields[name];
      if (!input || !value || touched[name] || input.value.trim() !== "" || input.readOnly) return;
      input.value = value;
      filled[name] = true;
      mark(name, input);
      count += 1;
    });
    var line = document.createElement("div");
    line.className = "fw-semibold";
    line.textContent = count ? texts.textFilled.replace("%s", count) : texts.textNothing;
    message.appendChild(line);
  }

  function label(input) {
    return input.id ? form.querySelector("label[for='" + input.id + "']") : null;
  }

  function mark(name, input) {
    input.classList.add("read-from-file");
    var badge = document.createElement("span");
    badge.className = "badge text-bg-info ms-1";
    badge.setAttribute("data-read-badge", name);
    badge.textContent = texts.textBadge;
    var where = label(input);
    if (where) where.appendChild(badge);
    else input.before(badge);
  }

  function unmark(name) {
    delete filled[name];
    var input = form.querySelector("[name=" + name + "]");
    if (input) input.classList.remove("read-from-file");
    var badge = form.querySelector("[data-read-badge=" + name + "]");
    if (badge) badge.remove();
  }

  function suggest(state) {
    suggestionsBox.textContent = "";
    var others = (state.suggestions || []).filter(function (s) { return !s.current; });
    if (!others.length) return;
    var heading = document.createElement("div");
    heading.className = "mt-2 fw-semibold";
    heading.textContent = texts.textSuggest;
    suggestionsBox.appendChild(heading);
    // What ticking does, said on the page: a box's title is never seen on a phone.
    if (others.some(function (s) { return s.may_link; })) {
      var hint = document.createElement("div");
      hint.className = "text-body-secondary";
      hint.setAttribute("data-testid", "form-suggestions-hint");
      hint.textContent = texts.textTick;
      suggestionsBox.appendChild(hint);
    }
    var list = document.createElement("ul");
    list.className = "list-unstyled mb-0";
    list.setAttribute("data-testid", "form-suggestions");
    others.forEach(function (s) {
      var item = document.createElement("li");
      item.className = "form-check mt-1";
      var box = document.createElement("input");
      box.type = "checkbox";
      box.className = "form-check-input";
      box.id = "read-link-" + s.assignment;
      box.value = s.assignment;
      box.checked = !!s.linked;
      box.disabled = !s.may_link;
      box.title = texts.textLink;
      box.addEventListener("change", function () { links(state); });
      var text = document.createElement("label");
      text.className = "form-check-label";
      text.htmlFor = box.id;
      var code = document.createElement("strong");
      code.textContent = s.code;
      text.appendChild(code);
      text.appendChild(document.createTextNode(" · " + (s.text.length > 160 ? s.text.slice(0, 159) + "…" : s.text)));
      var why = document.createElement("div");
      why.className = "text-body-secondary";
      why.textContent = texts.textScore + " " + s.score + "%" +
        (s.words.length ? " · " + texts.textBecause + ": " + s.words.map(function (w) { return "“" + w + "”"; }).join(", ") : "");
      if (!s.may_link) why.textContent += " · " + texts.textNotYours;
      text.appendChild(why);
      item.appendChild(box);
      item.appendChild(text);
      list.appendChild(item);
    });
    suggestionsBox.appendChild(list);
  }

  function links(state) {
    var data = new FormData();
    suggestionsBox.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
      data.append("assignments", box.value);
    });
    request(state.links_url, data).then(function (answer) {
      var note = suggestionsBox.querySelector("[data-links-note]");
      if (!note) {
        note = document.createElement("div");
        note.className = "mt-1 text-body-secondary";
        note.setAttribute("data-links-note", "");
        suggestionsBox.appendChild(note);
      }
      note.textContent = answer.link_to.length ? texts.textLinked : "";
    }).catch(function (error) { say(error.message || texts.textFailed, true); });
  }

  panel.setAttribute("data-reading-ready", "");
})();
