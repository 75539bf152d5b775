/* Mini Me OS — the Add box of Today and Capture (ai/_add_box.html): Enter adds, as in a
 * one-line box; Shift+Enter starts a new line, for a list or a paragraph to Smart add.
 * Without JavaScript the buttons do the same. Plain script, strict-CSP safe. */
(function () {
  "use strict";
  document.addEventListener("keydown", function (event) {
    var box = event.target;
    if (
      event.key !== "Enter" ||
      event.shiftKey ||
      event.isComposing ||
      !(box instanceof HTMLTextAreaElement) ||
      !box.matches(".capture-add textarea")
    ) {
      return;
    }
    event.preventDefault();
    box.form.requestSubmit();
  });
})();
