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

  /* ---- The shell: sidebar and the tab bar's More ------------------------------------------- */

  // The sidebar's collapse button (wide screens). The choice is kept in a cookie so the server
  // draws the page already collapsed: no flash on the next page.
  document.querySelectorAll("[data-sidebar-toggle]").forEach(function (button) {
    var shell = button.closest("[data-shell]");
    if (!shell) {
      return;
    }
    button.removeAttribute("hidden");
    button.addEventListener("click", function () {
      var collapsed = shell.classList.toggle("is-collapsed");
      button.setAttribute("aria-expanded", collapsed ? "false" : "true");
      var label = collapsed ? "Expand the sidebar" : "Collapse the sidebar";
      button.setAttribute("title", label);
      button.querySelector(".visually-hidden").textContent = label;
      document.cookie =
        "sidebar=" + (collapsed ? "collapsed" : "open") + "; path=/; max-age=31536000; SameSite=Lax";
    });
  });

  // More (phones): a click outside the sheet or Escape closes it.
  document.querySelectorAll("[data-tab-more]").forEach(function (more) {
    document.addEventListener("click", function (event) {
      if (more.open && !more.contains(event.target)) {
        more.open = false;
      }
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && more.open) {
        more.open = false;
        more.querySelector("summary").focus();
      }
    });
  });

  /* ---- A refused form shows its message where it is ----------------------------------------- */

  // htmx does not swap 4xx answers by default. Here a 422 is a form (or a row) with its error
  // next to the field: swap it in like any answer, so the message shows where the user looked.
  document.addEventListener("htmx:beforeSwap", function (event) {
    var detail = event.detail;
    if (detail.xhr && detail.xhr.status === 422) {
      detail.shouldSwap = true;
      detail.isError = false;
    }
  });

  /* ---- Row menus ---------------------------------------------------------------------------- */

  // <details class="menu" data-menu>: one open at a time; a click elsewhere or Escape closes it.
  function closeMenus(except) {
    document.querySelectorAll("details[data-menu][open]").forEach(function (menu) {
      if (menu !== except) {
        menu.open = false;
      }
    });
  }

  document.addEventListener(
    "toggle",
    function (event) {
      var menu = event.target;
      if (menu instanceof HTMLDetailsElement && menu.matches("[data-menu]") && menu.open) {
        closeMenus(menu);
      }
    },
    true
  );

  document.addEventListener("click", function (event) {
    var inside = event.target instanceof Element && event.target.closest("details[data-menu]");
    closeMenus(inside || null);
  });

  document.addEventListener("keydown", function (event) {
    var menu = event.key === "Escape" && event.target instanceof Element &&
      event.target.closest("details[data-menu][open]");
    if (menu && !event.defaultPrevented) {
      event.preventDefault();
      menu.open = false;
      menu.querySelector("summary").focus();
    }
  });

  /* ---- Quick add ---------------------------------------------------------------------------- */

  // The Add links (sidebar, tab bar) and the key q open the dialog; without it they are links
  // to the quick-add page. In the line, Enter adds it (htmx), or opens the preview when the text
  // is a paragraph or reads as several items; Shift+Enter starts a new line.
  var quickAdd = document.getElementById("quick-add");

  function openQuickAdd() {
    if (!quickAdd) {
      return false;
    }
    if (!quickAdd.open) {
      quickAdd.showModal();
    }
    var field = quickAdd.querySelector("[data-quick-add-text]");
    if (field) {
      field.focus();
    }
    return true;
  }

  document.addEventListener("click", function (event) {
    var link = event.target instanceof Element && event.target.closest("a[data-quick-add]");
    if (link && openQuickAdd()) {
      event.preventDefault();
    }
  });

  function fitRows(field) {
    var lines = field.value.split("\n").length;
    field.rows = Math.min(Math.max(lines, 1), 8);
  }

  document.addEventListener("input", function (event) {
    if (event.target instanceof Element && event.target.matches("[data-quick-add-text]")) {
      fitRows(event.target);
    }
  });

  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (!(field instanceof Element) || !field.matches("[data-quick-add-text]")) {
      return;
    }
    if (event.key !== "Enter" || event.shiftKey || event.isComposing) {
      return;
    }
    event.preventDefault();
    var form = field.closest("form");
    var several =
      field.value.trim().indexOf("\n") !== -1 || form.querySelector("[data-quick-add-several]");
    var button = form.querySelector(several ? "[data-quick-add-preview]" : "[data-quick-add-submit]");
    if (button) {
      button.click();
    }
  });

  // After an add, the fresh form's line takes the focus again: add the next one. On settle,
  // once htmx has wired the new line (typing before that would read no chips).
  document.addEventListener("htmx:afterSettle", function (event) {
    var form = event.detail && event.detail.target;
    if (form && form.id === "quick-add-form") {
      var field = document.querySelector("#quick-add-form [data-quick-add-text]");
      if (field) {
        field.focus();
      }
    }
  });

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
