// Behaviour every page shares. The Content-Security-Policy runs no inline script and no on…=
// attribute, so templates mark elements with data- attributes and this file wires them.
(function () {
  "use strict";

  // <select data-autosubmit>: choosing an option sends its form (the language menu).
  document.querySelectorAll("select[data-autosubmit]").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });

  // <form data-confirm="question">: the browser asks first; "Cancel" sends nothing.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form instanceof HTMLFormElement && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
})();
