/* Mini Me OS — the little JavaScript the pages use.
 *
 * Plain script, no dependencies, safe under a strict Content-Security-Policy: no eval, no inline
 * handlers, no injected styles. Every page works without it; this only smooths the edges.
 */
(function () {
  "use strict";

  /* ---- Time zone detection ------------------------------------------------------------------ */

  function detectedTimeZone() {
    try {
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      return typeof zone === "string" && zone ? zone : null;
    } catch (error) {
      return null;
    }
  }

  function hasOption(select, value) {
    for (var i = 0; i < select.options.length; i += 1) {
      if (select.options[i].value === value) {
        return true;
      }
    }
    return false;
  }

  // Where to look for a select's helper elements: its form, else the whole document.
  function scopeOf(element) {
    return element.form || element.closest("form") || document;
  }

  function setupTimeZoneInput(input, zone) {
    var value = input.value.trim();
    var mode = input.getAttribute("data-detect-timezone");
    // Fill an empty field; with "if-default", also replace the server's default of UTC.
    if (value === "" || (mode === "if-default" && value === "UTC")) {
      input.value = zone;
    }
  }

  function setupTimeZoneSelect(select, zone) {
    // Never change a choice silently: offer the detected zone when the select is still on UTC.
    if (select.value !== "UTC" || zone === "UTC" || !hasOption(select, zone)) {
      return;
    }
    var scope = scopeOf(select);
    scope.querySelectorAll("[data-detected-timezone]").forEach(function (target) {
      target.textContent = zone;
    });
    scope.querySelectorAll("[data-use-detected-timezone]").forEach(function (button) {
      if (button.dataset.minimeBound) {
        return;
      }
      button.dataset.minimeBound = "1";
      button.removeAttribute("hidden");
      button.addEventListener("click", function (event) {
        event.preventDefault();
        select.value = zone;
        select.dispatchEvent(new Event("change", { bubbles: true }));
        button.setAttribute("hidden", "");
        select.focus();
      });
    });
  }

  function setupTimeZones(root) {
    var zone = detectedTimeZone();
    if (!zone) {
      return;
    }
    root.querySelectorAll("input[data-detect-timezone]").forEach(function (input) {
      setupTimeZoneInput(input, zone);
    });
    root.querySelectorAll("select[data-detect-timezone]").forEach(function (select) {
      setupTimeZoneSelect(select, zone);
    });
  }

  /* ---- Confirm before submitting ------------------------------------------------------------ */

  // <form data-confirm="Delete this workspace?"> asks first. Listening on the document in the
  // capture phase runs before any handler on the form itself (htmx's included).
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-confirm")) {
        return;
      }
      if (!window.confirm(form.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  /* ---- Start-up ----------------------------------------------------------------------------- */

  function setup(root) {
    setupTimeZones(root);
  }

  // This script is loaded with `defer`, so the document is parsed by now.
  setup(document);

  // Content that htmx swaps in gets the same treatment.
  document.addEventListener("htmx:load", function (event) {
    var element = event.detail && event.detail.elt;
    if (element && element !== document.body && element.querySelectorAll) {
      setup(element.parentElement || element);
    }
  });

  /* ---- Offline support ---------------------------------------------------------------------- */

  if ("serviceWorker" in navigator) {
    window.addEventListener("load", function () {
      navigator.serviceWorker.register("/sw.js", { scope: "/" }).catch(function (error) {
        if (window.console) {
          window.console.warn("Service worker not registered:", error);
        }
      });
    });
  }
})();
