/* Mini Me OS — keyboard shortcuts. Press ? for the list.
 *
 * Pages opt in with attributes, so a shortcut only ever does what a visible control does:
 *   a[data-quick-add]        the quick-add dialog (or page)       q
 *   [data-hotkey="add"]      the page's main "add" field          n
 *   [data-hotkey="search"]   the page's search field              /
 *   a[data-goto="h"]         a navigation link                    g then the letter
 *   [data-row]               a list row (selected with j / k)
 *   [data-action="complete" | "edit" | "task" | "note" | "delete"] inside a row: x, e (or Enter), t, f, #
 *   button[value="up" | "down"] inside a row: move it (Shift+K / Shift+J)
 * Keys are ignored while typing in a field; Escape leaves the field.
 */
(function () {
  "use strict";

  var ROW_KEYS = { x: "complete", e: "edit", Enter: "edit", t: "task", f: "note", "#": "delete" };
  var pendingGo = false;
  var goTimer = null;

  function typing(target) {
    if (!(target instanceof Element)) {
      return false;
    }
    var tag = target.tagName;
    return tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || target.isContentEditable;
  }

  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("[data-row]"));
  }

  function selectedRow() {
    return document.querySelector("[data-row].is-selected");
  }

  function select(row) {
    rows().forEach(function (r) {
      r.classList.remove("is-selected");
      r.removeAttribute("aria-current");
    });
    if (row) {
      row.classList.add("is-selected");
      row.setAttribute("aria-current", "true");
      if (!row.hasAttribute("tabindex")) {
        row.setAttribute("tabindex", "-1");
      }
      row.focus({ preventScroll: false });
      row.scrollIntoView({ block: "nearest" });
    }
  }

  function step(offset) {
    var all = rows();
    if (!all.length) {
      return;
    }
    var current = all.indexOf(selectedRow());
    var next = current === -1 ? (offset > 0 ? 0 : all.length - 1) : current + offset;
    select(all[Math.max(0, Math.min(all.length - 1, next))]);
  }

  function focusField(name) {
    var field = document.querySelector('[data-hotkey="' + name + '"]');
    if (field) {
      field.focus();
      if (field.select) {
        field.select();
      }
      return true;
    }
    return false;
  }

  function clickIn(row, selector) {
    var control = row && row.querySelector(selector);
    if (control && !control.disabled) {
      control.click();
      return true;
    }
    return false;
  }

  function openHelp() {
    var dialog = document.getElementById("shortcuts");
    if (dialog && !dialog.open) {
      dialog.showModal();
    }
  }

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (typing(event.target)) {
      if (event.key === "Escape") {
        event.target.blur();
      }
      return;
    }
    var key = event.key;
    if (pendingGo) {
      pendingGo = false;
      window.clearTimeout(goTimer);
      var link = document.querySelector('a[data-goto="' + key.toLowerCase() + '"]');
      if (link) {
        event.preventDefault();
        link.click();
      }
      return;
    }
    var handled = true;
    if (key === "?") {
      openHelp();
    } else if (key === "g") {
      pendingGo = true;
      goTimer = window.setTimeout(function () {
        pendingGo = false;
      }, 1500);
    } else if (key === "q") {
      // Quick add: the Add link opens its dialog (app.js), or the quick-add page.
      var add = document.querySelector("a[data-quick-add]");
      handled = Boolean(add);
      if (add) {
        add.click();
      }
    } else if (key === "n" || key === "a") {
      handled = focusField("add");
    } else if (key === "/") {
      handled = focusField("search");
    } else if (key === "j" || key === "ArrowDown") {
      handled = rows().length > 0;
      step(1);
    } else if (key === "k" || key === "ArrowUp") {
      handled = rows().length > 0;
      step(-1);
    } else if (key === "J") {
      handled = clickIn(selectedRow(), 'button[value="down"]');
    } else if (key === "K") {
      handled = clickIn(selectedRow(), 'button[value="up"]');
    } else if (ROW_KEYS[key]) {
      handled = clickIn(selectedRow(), '[data-action="' + ROW_KEYS[key] + '"]');
    } else {
      handled = false;
    }
    if (handled) {
      event.preventDefault();
    }
  });

  // After htmx replaces a selected row, keep the selection on its replacement.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail && event.detail.target;
    if (target && target.matches && target.matches("[data-row]") && !selectedRow()) {
      select(document.getElementById(target.id) || null);
    }
  });

  document.addEventListener("click", function (event) {
    var opener = event.target instanceof Element && event.target.closest("[data-open-shortcuts]");
    if (opener) {
      event.preventDefault();
      openHelp();
    }
  });
})();
