// Running total of a member's DVK sheet as the points are typed (decimal comma accepted).
// The server checks everything again on save; this only helps the person entering points.
(function () {
  "use strict";
  var form = document.getElementById("dvk-score-form");
  var cell = document.getElementById("dvk-total");
  if (!form || !cell) return;
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.dvk-points"));
  function parse(text) {
    text = (text || "").trim().replace(/\s/g, "").replace(",", ".");
    if (text === "") return 0;
    var value = Number(text);
    return isFinite(value) ? value : NaN;
  }
  // Only the box being typed in is re-marked: the server's marks (an empty box, 4,999) stay
  // until that box is changed.
  function recompute(changed) {
    var total = 0;
    var anyBad = false;
    inputs.forEach(function (input) {
      var value = parse(input.value);
      var bad = isNaN(value) || value < 0 || value > parseFloat(input.dataset.max);
      if (input === changed) input.classList.toggle("is-invalid", bad);
      if (bad) anyBad = true;
      else total += value;
    });
    // A total that counts a wrong value would mislead; "?" until every box is right.
    cell.textContent = anyBad ? "?" : total.toFixed(2).replace(".", ",");
  }
  inputs.forEach(function (input) {
    input.addEventListener("input", function () { recompute(input); });
  });
  recompute(null);
})();
