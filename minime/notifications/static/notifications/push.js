/* Mini Me OS — turn Web Push on or off for this browser (Settings → Notifications).
 *
 * Plain script, no dependencies, safe under the strict Content-Security-Policy. The browser's
 * permission prompt appears only after "Turn on for this device" is pressed. The subscription
 * the browser makes (its push service endpoint and keys) is posted as JSON, with the page's CSRF
 * token, to the URL in data-subscribe-url; the server encrypts each push with those keys and
 * signs it with its VAPID key (data-vapid-key, the applicationServerKey). When the server says
 * the endpoint belongs to another account here (code "endpoint_taken"), the old subscription is
 * dropped and a new one made, once. Removing this device from the list (or "Turn off") also
 * unsubscribes in the browser. Without this script the page says that turning push on needs
 * JavaScript; everything else on it is plain forms.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-push]");
  var current = null; // this browser's PushSubscription, when it has one

  function el(name) {
    return root.querySelector("[data-push-" + name + "]");
  }

  function say(text) {
    el("status").textContent = text;
  }

  function keyBytes(base64url) {
    var padded = (base64url + "===".slice((base64url.length + 3) % 4))
      .replace(/-/g, "+")
      .replace(/_/g, "/");
    var raw = window.atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i += 1) {
      bytes[i] = raw.charCodeAt(i);
    }
    return bytes;
  }

  function csrfToken() {
    var input = document.querySelector("[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function supported() {
    return "serviceWorker" in navigator && "PushManager" in window && "Notification" in window;
  }

  function registration() {
    return navigator.serviceWorker
      .register(root.dataset.swUrl, { scope: "/" })
      .then(function () {
        return navigator.serviceWorker.ready;
      });
  }

  function markThisDevice() {
    var endpoint = current ? current.endpoint : "";
    document.querySelectorAll("[data-device]").forEach(function (row) {
      var badge = row.querySelector("[data-this-device]");
      if (badge) {
        badge.hidden = !endpoint || row.dataset.endpoint !== endpoint;
      }
    });
    var listed = Array.prototype.some.call(document.querySelectorAll("[data-device]"), function (row) {
      return endpoint && row.dataset.endpoint === endpoint;
    });
    el("on").hidden = Boolean(listed);
    el("off").hidden = !listed;
  }

  function post(subscription) {
    var data = subscription.toJSON();
    return fetch(root.dataset.subscribeUrl, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
      body: JSON.stringify({ endpoint: data.endpoint, keys: data.keys }),
    }).then(function (response) {
      return response
        .json()
        .catch(function () {
          return {};
        })
        .then(function (body) {
          return { status: response.status, body: body };
        });
    });
  }

  function subscribe(reg) {
    return reg.pushManager.subscribe({
      userVisibleOnly: true,
      applicationServerKey: keyBytes(root.dataset.vapidKey),
    });
  }

  function turnOn() {
    say("Asking your browser…");
    Notification.requestPermission()
      .then(function (permission) {
        if (permission !== "granted") {
          throw new Error(
            permission === "denied"
              ? "Notifications are blocked for this site. Allow them in your browser's site settings, then press the button again."
              : "Notifications were not allowed. Press the button again to decide."
          );
        }
        return registration();
      })
      .then(function (reg) {
        return reg.pushManager.getSubscription().then(function (existing) {
          return existing || subscribe(reg);
        }).then(function (subscription) {
          return post(subscription).then(function (answer) {
            var error = answer.body && answer.body.error;
            if (answer.status === 422 && error && error.code === "endpoint_taken") {
              // Another account here had this subscription: make a new one, once.
              return subscription
                .unsubscribe()
                .then(function () {
                  return subscribe(reg);
                })
                .then(post);
            }
            return answer;
          });
        });
      })
      .then(function (answer) {
        if (answer.status === 200 || answer.status === 201) {
          say("Notifications are on for this device.");
          window.location.reload();
          return;
        }
        var error = answer.body && answer.body.error;
        throw new Error(error && error.message ? error.message : "The server could not save this device.");
      })
      .catch(function (error) {
        say(
          error && error.name === "AbortError"
            ? "This browser could not get a subscription from its push service. It may be offline, or this is a private window, where browsers turn push off."
            : (error && error.message) || "Notifications could not be turned on."
        );
      });
  }

  function unsubscribeHere() {
    if (!current) {
      return Promise.resolve();
    }
    var subscription = current;
    current = null;
    return subscription.unsubscribe().catch(function () {
      return false;
    });
  }

  function turnOff() {
    var endpoint = current ? current.endpoint : "";
    var row = Array.prototype.find.call(document.querySelectorAll("[data-device]"), function (item) {
      return item.dataset.endpoint === endpoint;
    });
    unsubscribeHere().then(function () {
      var form = row && row.querySelector("[data-remove-device]");
      if (form) {
        form.requestSubmit();
      } else {
        markThisDevice();
        say("Notifications are off for this device.");
      }
    });
  }

  // Removing this browser's own device from the list: unsubscribe here first, then submit.
  document.addEventListener(
    "submit",
    function (event) {
      var form = event.target;
      if (!form.matches || !form.matches("[data-remove-device]") || form.dataset.unsubscribed) {
        return;
      }
      var row = form.closest("[data-device]");
      if (!current || !row || row.dataset.endpoint !== current.endpoint) {
        return;
      }
      event.preventDefault();
      event.stopImmediatePropagation();
      unsubscribeHere().then(function () {
        form.dataset.unsubscribed = "1";
        form.requestSubmit();
      });
    },
    true
  );

  function start() {
    if (!root) {
      return;
    }
    el("nojs").hidden = true;
    if (!supported()) {
      say(
        "This browser cannot receive push notifications. On an iPhone or iPad, add Mini Me OS to the Home Screen first, then open it from there."
      );
      return;
    }
    el("controls").hidden = false;
    if (Notification.permission === "denied") {
      say("Notifications are blocked for this site. Allow them in your browser's site settings to turn them on here.");
    }
    registration()
      .then(function (reg) {
        return reg.pushManager.getSubscription();
      })
      .then(function (subscription) {
        current = subscription;
        markThisDevice();
      })
      .catch(function () {
        markThisDevice();
      });
  }

  // Delegated: htmx may replace the buttons.
  document.addEventListener("click", function (event) {
    if (!event.target.closest) {
      return;
    }
    if (event.target.closest("[data-push-on]")) {
      turnOn();
    } else if (event.target.closest("[data-push-off]")) {
      turnOff();
    }
  });

  start();
  // htmx swaps the settings in place: mark this device again in the new list.
  document.body.addEventListener("htmx:afterSettle", function () {
    root = document.querySelector("[data-push]");
    if (root) {
      el("nojs").hidden = true;
      el("controls").hidden = !supported();
      markThisDevice();
    }
  });
})();
