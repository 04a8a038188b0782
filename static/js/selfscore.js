// Running totals of the self-score form: per criterion and overall, as the user types.
// The server checks everything again on save; this only helps the person entering points.
(function () {
  "use strict";
  var form = document.getElementById("selfscore-form");
  if (!form) return;
  var table = form.querySelector(".scoring-table");
  var bonusCap = parseFloat(table.dataset.bonusCap || "0");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input.self-points"));

  function parse(text) {
    text = (text || "").trim().replace(",", ".");
    if (text === "") return 0;
    var value = Number(text);
    return isFinite(value) ? value : NaN;
  }
  function show(value) {
    return isNaN(value) ? "?" : value.toFixed(2).replace(".", ",");
  }
  function recompute() {
    var byCriterion = {}, main = 0, bonus = 0;
    inputs.forEach(function (input) {
      var value = parse(input.value);
      var max = parseFloat(input.dataset.max);
      var bad = isNaN(value) || value < 0 || value > max || Math.round(value * 4) !== value * 4;
      input.classList.toggle("is-invalid", bad);
      var key = input.dataset.criterion;
      byCriterion[key] = (byCriterion[key] || 0) + value;
      if (input.dataset.bonus === "1") bonus += value; else main += value;
    });
    Object.keys(byCriterion).forEach(function (key) {
      var cell = table.querySelector('[data-subtotal="' + key + '"]');
      if (cell) cell.textContent = show(byCriterion[key]);
    });
    var counted = Math.min(bonus, bonusCap);
    var total = main + counted;
    var mainFoot = document.getElementById("main-total-foot");
    var bonusFoot = document.getElementById("bonus-total-foot");
    var bonusHead = table.querySelector('[data-subtotal="bonus"]');
    if (mainFoot) mainFoot.textContent = show(main);
    if (bonusFoot) bonusFoot.textContent = show(counted);
    if (bonusHead) bonusHead.textContent = show(counted);
    document.getElementById("self-total-live").textContent = show(total);
    document.getElementById("self-total-foot").textContent = show(total);
  }
  inputs.forEach(function (input) { input.addEventListener("input", recompute); });
  recompute();
})();
