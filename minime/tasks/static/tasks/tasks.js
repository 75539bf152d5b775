/* Mini Me OS — the task lists: row menus, inline rename, refused forms, and ordering by hand.
 *
 * Plain script, no dependencies, safe under the strict Content-Security-Policy (no inline code,
 * nothing evaluated). Every page works without it: the title links to the task's page, and Move
 * up / Move down in a row's menu are plain form posts. (Row menus and refused forms are app.js's.)
 *
 * Ordering: the open rows [data-movable] of a list marked [data-sortable] (open tasks in "my
 * order") can be reordered by dragging a row's handle [data-grip] (Pointer Events: mouse, pen and
 * touch alike) or with Alt+Up / Alt+Down on a focused row. The row's menu form [data-move-form] says where to post; the move is
 * sent as `after` (or `before`) a neighbour, and the server answers where the task now stands,
 * which is announced in the page's [data-announce] live region: "Moved Buy milk to position 3
 * of 12". Moves are sent one after another, in the order they were made.
 */
(function () {
  "use strict";

  /* ---- Announcements ----------------------------------------------------------------------- */

  var announceTimer = null;

  function announce(text) {
    var region = document.querySelector("[data-announce]");
    if (!region) {
      return;
    }
    // Emptied first, so the same words said twice are announced twice.
    region.textContent = "";
    window.clearTimeout(announceTimer);
    announceTimer = window.setTimeout(function () {
      region.textContent = text;
    }, 60);
  }

  /* ---- Inline rename ----------------------------------------------------------------------- */

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" || !(event.target instanceof Element)) {
      return;
    }
    var form = event.target.closest("form[data-rename]");
    if (form) {
      // Escape cancels: what Cancel asks for (the title) takes the form's place. Asked directly,
      // as the link may not be wired by htmx yet when Escape follows the swap at once.
      event.preventDefault();
      var cancel = form.querySelector("[data-rename-cancel]");
      if (cancel && window.htmx) {
        window.htmx.ajax("GET", cancel.getAttribute("hx-get"), {
          source: cancel,
          target: form,
          swap: "outerHTML",
        });
      }
      return;
    }
  });

  // A rename field that arrives is focused once htmx has wired its form (not with autofocus,
  // which the browser may honour before that): its text selected, so typing replaces it; a
  // refused one keeps what was typed.
  document.addEventListener("htmx:load", function (event) {
    var element = event.detail && event.detail.elt;
    if (!(element instanceof Element)) {
      return;
    }
    var form = element.matches("form[data-rename]") ? element : element.querySelector("form[data-rename]");
    var field = form && form.querySelector('input[name="title"]');
    if (field) {
      field.focus();
      if (!field.hasAttribute("aria-invalid")) {
        field.select();
      }
    }
  });

  /* ---- Ordering by hand -------------------------------------------------------------------- */

  // Only open rows are ordered by hand; a row closed in place (completed, dropped) stays put
  // and is stepped over.
  function isRow(element) {
    return element instanceof Element && element.matches("[data-row][data-movable]");
  }

  function previousRow(row) {
    var sibling = row.previousElementSibling;
    while (sibling && !isRow(sibling)) {
      sibling = sibling.previousElementSibling;
    }
    return sibling;
  }

  function nextRow(row) {
    var sibling = row.nextElementSibling;
    while (sibling && !isRow(sibling)) {
      sibling = sibling.nextElementSibling;
    }
    return sibling;
  }

  function sortableList(row) {
    var list = isRow(row) && row.parentElement;
    return list && list.matches("[data-sortable]") ? list : null;
  }

  function titleOf(row) {
    return row.getAttribute("data-title") || "The task";
  }

  var queue = Promise.resolve();

  // Tell the server where the row now is: after the row above it, else before the one below.
  function save(row) {
    var form = row.querySelector("form[data-move-form]");
    var above = previousRow(row);
    var below = nextRow(row);
    if (!form || (!above && !below)) {
      return;
    }
    var data = new FormData(form);
    if (above) {
      data.set("after", above.getAttribute("data-task"));
    } else {
      data.set("before", below.getAttribute("data-task"));
    }
    queue = queue
      .then(function () {
        return window.fetch(form.action, {
          method: "POST",
          body: data,
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        });
      })
      .then(function (response) {
        return response.json().then(function (answer) {
          if (!response.ok) {
            throw new Error((answer.error && answer.error.message) || "refused");
          }
          announce(
            "Moved " + answer.title + " to position " + answer.position + " of " + answer.count
          );
        });
      })
      .catch(function (error) {
        var reason = error && error.message && error.message !== "refused" ? " " + error.message : "";
        announce("Could not move " + titleOf(row) + "." + (reason || " Reload the page and try again."));
      });
  }

  // Move a row one place up (-1) or down (+1) in its list. The neighbour is moved rather than
  // the row, so the row (and whatever in it has focus) never leaves the document.
  function step(row, offset) {
    var list = sortableList(row);
    if (!list) {
      return false;
    }
    var neighbour = offset < 0 ? previousRow(row) : nextRow(row);
    if (!neighbour) {
      var edge = offset < 0 ? "first" : "last";
      announce(titleOf(row) + " is already " + edge + (list.closest("[data-paged]") ? " on this page" : ""));
      return true;
    }
    if (offset < 0) {
      list.insertBefore(neighbour, row.nextSibling);
    } else {
      list.insertBefore(neighbour, row);
    }
    row.scrollIntoView({ block: "nearest" });
    save(row);
    return true;
  }

  // Alt+Up / Alt+Down on a focused row (or anything in it but a field).
  document.addEventListener("keydown", function (event) {
    if (!event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
      return;
    }
    if (event.key !== "ArrowUp" && event.key !== "ArrowDown") {
      return;
    }
    var target = event.target;
    if (!(target instanceof Element) || target.matches("input, textarea, select")) {
      return;
    }
    var row = target.closest("[data-row]");
    if (row && step(row, event.key === "ArrowUp" ? -1 : 1)) {
      event.preventDefault();
    }
  });

  // Move up / Move down in a row's menu (and Shift+K / Shift+J, which click them) move the row
  // in place; without this script they are form posts.
  document.addEventListener("click", function (event) {
    var button = event.target instanceof Element && event.target.closest("button[data-move]");
    var row = button && button.closest("[data-row]");
    if (!row || !sortableList(row)) {
      return;
    }
    event.preventDefault();
    var menu = button.closest("details[data-menu]");
    var wasOpen = menu && menu.open;
    if (menu) {
      menu.open = false;
    }
    step(row, button.getAttribute("data-move") === "up" ? -1 : 1);
    if (wasOpen) {
      menu.querySelector("summary").focus();
    }
  });

  // Dragging by the handle. The pointer is captured by the handle, so the moves keep coming
  // wherever it goes; the neighbours are moved past the dragged row as it crosses their middle.
  var drag = null;

  function middle(element) {
    var box = element.getBoundingClientRect();
    return box.top + box.height / 2;
  }

  document.addEventListener("pointerdown", function (event) {
    var grip = event.target instanceof Element && event.target.closest("[data-grip]");
    var row = grip && grip.closest("[data-row]");
    if (!row || !sortableList(row) || event.button !== 0 || drag) {
      return;
    }
    event.preventDefault();
    grip.setPointerCapture(event.pointerId);
    drag = { row: row, list: sortableList(row), grip: grip, pointer: event.pointerId, next: row.nextElementSibling };
    row.classList.add("is-dragging");
    document.documentElement.classList.add("tasks-dragging");
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || event.pointerId !== drag.pointer) {
      return;
    }
    var row = drag.row;
    var y = event.clientY;
    var above = previousRow(row);
    while (above && y < middle(above)) {
      drag.list.insertBefore(above, row.nextSibling);
      above = previousRow(row);
    }
    var below = nextRow(row);
    while (below && y > middle(below)) {
      drag.list.insertBefore(below, row);
      below = nextRow(row);
    }
    // Near the window's edge, scroll: a long list can be dragged through.
    var edge = 48;
    if (y < edge) {
      window.scrollBy(0, -12);
    } else if (y > window.innerHeight - edge) {
      window.scrollBy(0, 12);
    }
  });

  function endDrag(event, keep) {
    if (!drag || event.pointerId !== drag.pointer) {
      return;
    }
    var ended = drag;
    drag = null;
    ended.row.classList.remove("is-dragging");
    document.documentElement.classList.remove("tasks-dragging");
    if (ended.grip.hasPointerCapture(event.pointerId)) {
      ended.grip.releasePointerCapture(event.pointerId);
    }
    if (ended.row.nextElementSibling === ended.next) {
      return; // dropped where it was
    }
    if (keep) {
      save(ended.row);
    } else {
      ended.list.insertBefore(ended.row, ended.next);
    }
  }

  document.addEventListener("pointerup", function (event) {
    endDrag(event, true);
  });

  document.addEventListener("pointercancel", function (event) {
    endDrag(event, false);
  });

  /* ---- Start-up ---------------------------------------------------------------------------- */

  function setup(root) {
    root.querySelectorAll("[data-sortable]").forEach(function (list) {
      list.classList.add("is-sortable");
    });
    if (root.querySelector("[data-sortable]")) {
      document.querySelectorAll("[data-sort-hint]").forEach(function (hint) {
        hint.removeAttribute("hidden");
      });
    }
  }

  setup(document);
})();
