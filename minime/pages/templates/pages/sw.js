{% load static %}/* Mini Me OS service worker, served at /sw.js (scope "/").
 *
 * Keeps just enough to say "you're offline" nicely: the offline page, the stylesheet and the
 * icon. Pages are always fetched from the network and never stored, because they hold private
 * data; only /static/ files (public, versioned) are cached. A notification tapped (the focus
 * timer's, push later) brings the app up on the page the notification names.
 */
"use strict";

const VERSION = "{{ version|escapejs }}";
const CACHE_PREFIX = "minime-";
const CACHE = CACHE_PREFIX + VERSION;
const OFFLINE_URL = "{% url 'pages:offline' %}";
// Where a tapped notification leads when its data names no page of this app.
const NOTIFICATION_URL = "{% url 'today:index' %}";
const STATIC_PREFIX = "{% get_static_prefix %}";
const PRECACHE = [
  OFFLINE_URL,
  "{% static 'css/app.css' %}",
  "{% static 'icons/icon.svg' %}",
];
// Files named by content hash (app.3f2a9c81d0e4.css) never change; others are refreshed behind
// the cached copy so a plain name (as in development) does not stay stale forever.
const HASHED_NAME = /\.[0-9a-f]{12}\.[A-Za-z0-9]+$/;

self.addEventListener("install", (event) => {
  event.waitUntil(
    caches
      .open(CACHE)
      .then((cache) =>
        cache.addAll(
          // Fetched without cookies: the cached offline page must not carry anyone's session.
          PRECACHE.map((url) => new Request(url, { cache: "reload", credentials: "omit" }))
        )
      )
      .then(() => self.skipWaiting())
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(
        names
          .filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE)
          .map((name) => caches.delete(name))
      );
      if (self.registration.navigationPreload) {
        await self.registration.navigationPreload.enable();
      }
      await self.clients.claim();
    })()
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate") {
    event.respondWith(networkFirstPage(event));
    return;
  }
  if (url.pathname.startsWith(STATIC_PREFIX)) {
    event.respondWith(cacheFirstStatic(event, url));
  }
  // Anything else goes to the network as usual and is never cached.
});

// Pages: always the network; the offline page only when the network fails.
async function networkFirstPage(event) {
  try {
    const preloaded = await event.preloadResponse;
    if (preloaded) {
      return preloaded;
    }
    return await fetch(event.request);
  } catch (error) {
    const offline = await caches.match(OFFLINE_URL);
    return (
      offline ||
      new Response("You're offline. Try again when you're back online.", {
        status: 503,
        headers: { "Content-Type": "text/plain; charset=utf-8" },
      })
    );
  }
}

// Static files: the cached copy first, else the network (and keep a copy).
async function cacheFirstStatic(event, url) {
  const cache = await caches.open(CACHE);
  const cached = await cache.match(event.request);
  if (cached) {
    if (!HASHED_NAME.test(url.pathname)) {
      event.waitUntil(refresh(cache, event.request).catch(() => undefined));
    }
    return cached;
  }
  return refresh(cache, event.request);
}

async function refresh(cache, request) {
  const response = await fetch(request);
  if (response.ok && response.type === "basic") {
    await cache.put(request, response.clone());
  }
  return response;
}

// A push: the server's JSON {title, body, url, tag, icon}, decrypted by the browser. A push
// with the same tag as one still shown replaces it quietly (the recap of a new day, a test).
self.addEventListener("push", (event) => {
  event.waitUntil(showPush(event.data));
});

function showPush(data) {
  let message = {};
  try {
    message = data ? data.json() : {};
  } catch (error) {
    message = { body: data ? data.text() : "" };
  }
  const options = {
    body: typeof message.body === "string" ? message.body : "",
    data: { url: typeof message.url === "string" ? message.url : "" },
    renotify: false,
  };
  if (typeof message.icon === "string" && message.icon) {
    options.icon = message.icon;
  }
  if (typeof message.tag === "string" && message.tag) {
    options.tag = message.tag;
  }
  const title = typeof message.title === "string" && message.title ? message.title : "Mini Me OS";
  return self.registration.showNotification(title, options);
}

// A notification tapped: close it, then focus a window of the app already on the page it names
// (`data.url`), else open one there.
self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openFromNotification(event.notification.data));
});

async function openFromNotification(data) {
  const target = notificationTarget(data);
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const open = windowShowing(windows, target);
  if (open) {
    try {
      return await open.focus();
    } catch (error) {
      // It could not be brought forward: open a new window instead.
    }
  }
  return self.clients.openWindow(target.href);
}

// The page a notification names (`data.url`, absolute or relative to the app), as a URL of this
// app; a missing, broken or foreign one leads to NOTIFICATION_URL.
function notificationTarget(data) {
  const fallback = new URL(NOTIFICATION_URL, self.location.origin);
  const wanted = data && typeof data.url === "string" ? data.url : "";
  if (!wanted) {
    return fallback;
  }
  try {
    const url = new URL(wanted, self.location.origin);
    return url.origin === self.location.origin ? url : fallback;
  } catch (error) {
    return fallback;
  }
}

// The window already on `target`: the same path, and the same query when `target` has one.
function windowShowing(windows, target) {
  return windows.find((client) => {
    const url = new URL(client.url);
    return (
      url.origin === target.origin &&
      url.pathname === target.pathname &&
      (!target.search || url.search === target.search)
    );
  });
}
