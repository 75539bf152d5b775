/* A decision's score matrix: the weighted totals follow what is typed, before it is saved.
 *
 * A total is the sum of weight × score over the criteria an option has a score for; the server
 * computes the same when the form is sent (weighted_total in minime/decisions/selectors.py), so
 * without JavaScript the page shows the same numbers after "Save scores". The option with the
 * highest total above zero is marked. Plain script under the strict Content-Security-Policy: no
 * eval, no inline handlers, no styles — only text and classes change.
 */
(function () {
  "use strict";

  // The whole number typed in `input`, or null when it is empty or outside the input's min/max.
  function valueOf(input) {
    var text = input.value.trim();
    if (!/^\d+$/.test(text)) {
      return null;
    }
    var value = parseInt(text, 10);
    var min = input.min === "" ? -Infinity : Number(input.min);
    var max = input.max === "" ? Infinity : Number(input.max);
    return value >= min && value <= max ? value : null;
  }

  function recompute(matrix) {
    var weights = {};
    var maxTotal = 0;
    var anyScore = matrix.querySelector("[data-score]");
    var scoreMax = anyScore && anyScore.max !== "" ? Number(anyScore.max) : 10;
    matrix.querySelectorAll("[data-weight]").forEach(function (input) {
      var weight = valueOf(input);
      weights[input.getAttribute("data-criterion")] = weight;
      maxTotal += (weight || 0) * scoreMax;
    });

    var rows = [];
    matrix.querySelectorAll("[data-option-row]").forEach(function (row) {
      var total = 0;
      row.querySelectorAll("[data-score]").forEach(function (input) {
        var score = valueOf(input);
        var weight = weights[input.getAttribute("data-criterion")];
        if (score !== null && weight) {
          total += weight * score;
        }
      });
      var output = row.querySelector("[data-total]");
      if (output) {
        output.textContent = String(total);
      }
      rows.push({ row: row, total: total });
    });

    var best = 0;
    rows.forEach(function (item) {
      best = Math.max(best, item.total);
    });
    rows.forEach(function (item) {
      var leading = best > 0 && item.total === best;
      item.row.classList.toggle("is-leading", leading);
      var badge = item.row.querySelector("[data-leading-badge]");
      if (badge) {
        badge.hidden = !leading;
      }
    });
    matrix.querySelectorAll("[data-max-total]").forEach(function (element) {
      element.textContent = String(maxTotal);
    });
  }

  function recomputeAll(root) {
    root.querySelectorAll("[data-matrix]").forEach(recompute);
  }

  document.addEventListener("input", function (event) {
    var matrix = event.target instanceof Element && event.target.closest("[data-matrix]");
    if (matrix) {
      recompute(matrix);
    }
  });

  // A refused form comes back with what was typed: its totals should match the inputs too.
  recomputeAll(document);
  document.addEventListener("htmx:load", function (event) {
    var element = event.detail && event.detail.elt;
    if (element && element.querySelectorAll) {
      recomputeAll(element);
    }
  });
})();
