/* Mini Me OS — the focus timer: a live countdown, and a notification when time is up.
 *
 * Plain script, no dependencies, safe under the strict Content-Security-Policy (no inline code,
 * no injected styles, nothing evaluated) and stores nothing in the browser. Without it the page
 * still says when the session ends ("Ends at 10:25").
 *
 * A clock is any element [data-focus-clock] with data-started (ms since 1970, from the server),
 * data-minutes and data-server-now (the server's clock when it drew the page, so a wrong clock
 * on this device does not shift the countdown). The end is computed from those, never kept
 * here: a reload, a closed tab or another device shows the same time left. A focus clock
 * (data-kind="focus") also drives the tab's title and, when it reaches zero while the page is
 * open, a notification, after checking with the server (data-running-url) that the session
 * was not ended on another device meanwhile. Permission to notify is asked only when the user
 * presses the button [data-focus-notify-ask]; when it is refused, the page says so.
 */
(function () {
  "use strict";

  var clocks = new WeakMap(); // element → {end, total, offset, wasRunning, done}
  var baseTitle = document.title;
  var ticking = null;

  function pad(number) {
    return number < 10 ? "0" + number : String(number);
  }

  function format(seconds) {
    var left = Math.max(0, Math.ceil(seconds));
    var hours = Math.floor(left / 3600);
    var minutes = Math.floor((left % 3600) / 60);
    var rest = left % 60;
    return hours ? hours + ":" + pad(minutes) + ":" + pad(rest) : minutes + ":" + pad(rest);
  }

  function stateOf(clock) {
    var state = clocks.get(clock);
    if (state) {
      return state;
    }
    var started = Number(clock.dataset.started);
    var minutes = Number(clock.dataset.minutes);
    var serverNow = Number(clock.dataset.serverNow);
    if (!isFinite(started) || !isFinite(minutes) || !clock.dataset.started) {
      return null;
    }
    var offset = isFinite(serverNow) && clock.dataset.serverNow ? serverNow - Date.now() : 0;
    state = {
      end: started + minutes * 60000,
      total: minutes * 60,
      offset: offset,
      wasRunning: false,
      done: false,
    };
    state.wasRunning = state.end - (Date.now() + offset) > 0;
    clocks.set(clock, state);
    var countdown = clock.querySelector("[data-focus-countdown]");
    if (countdown) {
      countdown.hidden = false;
    }
    setupNotify(clock);
    return state;
  }

  /* ---- Notifications ------------------------------------------------------------------------ */

  function canNotify() {
    return "Notification" in window;
  }

  function showNotifyState(clock) {
    var box = clock.querySelector("[data-focus-notify]");
    if (!box || !canNotify()) {
      return;
    }
    var permission = window.Notification.permission;
    box.hidden = false;
    box.querySelector("[data-focus-notify-ask]").hidden = permission !== "default";
    box.querySelector("[data-focus-notify-on]").hidden = permission !== "granted";
    box.querySelector("[data-focus-notify-off]").hidden = permission !== "denied";
  }

  function setupNotify(clock) {
    var ask = clock.querySelector("[data-focus-notify-ask]");
    if (!ask || ask.dataset.focusBound) {
      return;
    }
    ask.dataset.focusBound = "1";
    showNotifyState(clock);
    ask.addEventListener("click", function () {
      var done = function () {
        showNotifyState(clock);
      };
      try {
        var asked = window.Notification.requestPermission(done);
        if (asked && typeof asked.then === "function") {
          asked.then(done, done);
        }
      } catch (error) {
        done();
      }
    });
  }

  function notify(clock, title, body, tag) {
    if (!canNotify() || window.Notification.permission !== "granted") {
      return;
    }
    // data.url: where the service worker opens the app when the notification is tapped.
    var options = { body: body, tag: tag, data: { url: "/focus/" } };
    if (clock.dataset.icon) {
      options.icon = clock.dataset.icon;
    }
    try {
      var shown = new window.Notification(title, options);
      shown.addEventListener("click", function () {
        window.focus();
        shown.close();
      });
    } catch (error) {
      // Phones have no Notification constructor: the service worker shows it instead.
      if (navigator.serviceWorker) {
        navigator.serviceWorker.ready.then(function (registration) {
          return registration.showNotification(title, options);
        }).catch(function () {});
      }
    }
  }

  /* ---- Was it ended elsewhere? -------------------------------------------------------------- */

  // Asks the server which session is running; if it is not this one (ended or cancelled on
  // another device), the page is drawn again. Calls `stillRunning` when it is (or when the
  // server cannot be asked: the countdown is right either way).
  function confirmRunning(clock, stillRunning) {
    var url = clock.dataset.runningUrl;
    if (!url || !window.fetch) {
      stillRunning();
      return;
    }
    window.fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (body) {
        var session = body && body.session;
        if (body && (!session || session.uuid !== clock.dataset.session)) {
          window.location.reload();
        } else {
          stillRunning();
        }
      })
      .catch(function () {
        stillRunning();
      });
  }

  /* ---- The clock ---------------------------------------------------------------------------- */

  function timeIsUp(clock, state) {
    state.done = true;
    var up = clock.querySelector("[data-focus-up]");
    if (up) {
      up.hidden = false;
    }
    clock.classList.add("is-up");
    if (!state.wasRunning) {
      return; // it ended before this page was opened: nothing to announce now
    }
    if (clock.dataset.kind === "focus") {
      var title = clock.querySelector("h2");
      confirmRunning(clock, function () {
        notify(
          clock,
          "Time is up",
          (title ? title.textContent.trim() + ": " : "") + "end the session and take a break.",
          "focus-" + clock.dataset.session
        );
      });
    } else {
      notify(
        clock,
        "The break is over",
        "Ready for the next focus session?",
        "break-" + clock.dataset.session
      );
    }
  }

  function tick() {
    var title = null;
    document.querySelectorAll("[data-focus-clock]").forEach(function (clock) {
      var state = stateOf(clock);
      if (!state) {
        return;
      }
      var left = (state.end - (Date.now() + state.offset)) / 1000;
      var countdown = clock.querySelector("[data-focus-countdown]");
      if (countdown) {
        countdown.textContent = format(left);
      }
      var progress = clock.querySelector("[data-focus-progress]");
      if (progress) {
        progress.value = Math.min(state.total, Math.max(0, state.total - left));
      }
      if (left <= 0 && !state.done) {
        timeIsUp(clock, state);
      }
      if (clock.dataset.kind === "focus") {
        title = (left > 0 ? format(left) : "Time is up") + " · " + baseTitle;
      }
    });
    if (document.title !== (title || baseTitle)) {
      document.title = title || baseTitle;
    }
  }

  function start() {
    tick();
    if (ticking === null) {
      // Four times a second, so the shown second never lags behind the real one.
      ticking = window.setInterval(tick, 250);
    }
  }

  // Back on the tab (or on the page from the back button): the session may have ended on
  // another device meanwhile.
  function recheck() {
    var clock = document.querySelector('[data-focus-clock][data-kind="focus"]');
    if (clock && document.visibilityState === "visible") {
      confirmRunning(clock, tick);
    }
  }

  document.addEventListener("visibilitychange", recheck);
  window.addEventListener("pageshow", function (event) {
    if (event.persisted) {
      recheck();
    }
  });

  // Content that htmx swaps in (a session started or ended) gets its clock at once.
  document.addEventListener("htmx:load", start);

  // This script is loaded with `defer`, so the document is parsed by now.
  start();
})();
