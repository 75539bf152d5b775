/* The Assistant page: let htmx show a refused answer ("this month's AI requests are used up").
 *
 * htmx 2 does not swap 4xx responses by default. The Assistant's answer area (marked
 * data-assistant-answer) is where the server puts its plain message for a refused request, so
 * those responses are swapped in like any other answer. No inline code, nothing evaluated.
 */
(function () {
  "use strict";

  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    var status = detail.xhr ? detail.xhr.status : 0;
    var target = detail.target;
    if (status >= 400 && status < 500 && target && target.closest && target.closest("[data-assistant-answer]")) {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  });
})();
