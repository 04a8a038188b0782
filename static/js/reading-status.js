// The record page follows the reading of its files while one is waiting or being read
// (each file's line says how far it is), and reloads once all are read, to show the text and
// the suggested items. Without this script the page shows the state it was opened with.
(function () {
  "use strict";
  var box = document.querySelector("[data-reading-status-url]");
  if (!box || !document.querySelector("[data-reading-pending]") || !window.fetch) return;
  var EVERY_MS = 2000;

  function poll() {
    fetch(box.dataset.readingStatusUrl, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (response.redirected || !response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (state) {
        var pending = false;
        state.files.forEach(function (file) {
          var line = document.querySelector("[data-reading-file='" + file.file + "']");
          if (!line) return;
          line.textContent = file.message;
          var bar = document.querySelector("[data-reading-bar='" + file.file + "']");
          if (bar && file.pages) {
            bar.max = file.pages;
            bar.value = file.pages_done;
          }
          if (!file.finished) pending = true;
        });
        if (pending) setTimeout(poll, EVERY_MS);
        else window.location.reload();
      })
      .catch(function () { setTimeout(poll, EVERY_MS * 5); });
  }
  setTimeout(poll, EVERY_MS);
})();
