/*
 * The service worker of the field reports (docs/adr/0084), served from /lapangan/sw.js with
 * scope /lapangan/. The view puts `self.SITRANTIB_OFFLINE = {version, pages, files, scope}` in
 * front of this source: the report forms and the outbox (pages) and their CSS/JS (files).
 *
 * - install: fetch and keep every page and file (a page the user may not open is skipped);
 * - pages: network first, the cached copy when the network is down (so a form opens offline);
 *   a page that now sends the user to the login page is dropped from the cache;
 * - files: from the cache, refreshed in the background;
 * - everything else (other pages, POSTs, the search, the API) goes to the network untouched.
 * Reports written offline are kept by the page itself (queue.js, IndexedDB), not here.
 */
/* global self, caches, fetch, URL, Promise */
"use strict";

var CONFIG = self.SITRANTIB_OFFLINE;
var PREFIX = "sitrantib-lapangan-";
var CACHE = PREFIX + CONFIG.version;

function keep(cache, url) {
  return fetch(url, { credentials: "same-origin", cache: "reload" })
    .then(function (response) {
      if (response.ok && !response.redirected) {
        return cache.put(url, response);
      }
      return undefined;
    })
    .catch(function () {
      return undefined;
    });
}

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches
      .open(CACHE)
      .then(function (cache) {
        return Promise.all(
          CONFIG.pages.concat(CONFIG.files).map(function (url) {
            return keep(cache, url);
          })
        );
      })
      .then(function () {
        return self.skipWaiting();
      })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches
      .keys()
      .then(function (names) {
        return Promise.all(
          names
            .filter(function (name) {
              return name.indexOf(PREFIX) === 0 && name !== CACHE;
            })
            .map(function (name) {
              return caches.delete(name);
            })
        );
      })
      .then(function () {
        return self.clients.claim();
      })
  );
});

function page(request, path) {
  return fetch(request)
    .then(function (response) {
      return caches.open(CACHE).then(function (cache) {
        if (response.ok && !response.redirected && response.type === "basic") {
          cache.put(path, response.clone());
        } else if (response.redirected) {
          cache.delete(path); // the session ended: no copy of the form stays behind
        }
        return response;
      });
    })
    .catch(function () {
      return caches.match(path).then(function (cached) {
        return cached || Response.error();
      });
    });
}

function file(request, path) {
  return caches.match(path).then(function (cached) {
    var refreshed = fetch(request)
      .then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(CACHE).then(function (cache) {
            cache.put(path, copy);
          });
        }
        return response;
      })
      .catch(function () {
        return cached || Response.error();
      });
    return cached || refreshed;
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") {
    return;
  }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) {
    return;
  }
  if (request.mode === "navigate" && CONFIG.pages.indexOf(url.pathname) !== -1) {
    event.respondWith(page(request, url.pathname));
  } else if (CONFIG.files.indexOf(url.pathname) !== -1) {
    event.respondWith(file(request, url.pathname));
  }
});
