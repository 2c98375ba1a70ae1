/*
 * The offline queue of field reports (docs/adr/0084). No library.
 *
 * A report (visit or incident) is kept in IndexedDB BEFORE it is sent, keyed by its client id:
 *   {clientId, kind, url, formUrl, title, fields: [[name, value]], files: [{name, blob, filename}],
 *    status: "waiting" | "refused", errors: {field: [messages]}, savedAt}
 * It is sent with fetch as the same multipart POST as the form, with Accept: application/json and
 * the CSRF token of the cookie. 201/200 (a resend) remove it; 400/403 keep it as "ditolak" with
 * the server's messages until the user opens it, fixes it and sends it again (or deletes it);
 * anything else (no network, a server error, an ended session) leaves it waiting. It is sent
 * again on the `online` event, on every page load and by "Kirim sekarang". One client id per
 * report: a resend or a double tap can never make a second record.
 *
 * Every [data-outbox] element becomes the list of the reports on this device; the texts come
 * from its data-text-* attributes (rendered by the template in the user's language). It also
 * registers the service worker and sets data-offline-ready="true" on <html> when the worker has
 * cached the forms.
 */
(function () {
  "use strict";

  var DB_NAME = "sitrantib-lapangan";
  var STORE = "reports";
  var sending = false;
  var sentLinks = [];
  var panels = [];

  function openDb() {
    return new Promise(function (resolve, reject) {
      if (!window.indexedDB) {
        reject(new Error("no indexedDB"));
        return;
      }
      var request = window.indexedDB.open(DB_NAME, 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore(STORE, { keyPath: "clientId" });
      };
      request.onsuccess = function () {
        resolve(request.result);
      };
      request.onerror = function () {
        reject(request.error);
      };
    });
  }

  function withStore(mode, work) {
    return openDb().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () {
          db.close();
          resolve(result && "result" in result ? result.result : undefined);
        };
        tx.onerror = tx.onabort = function () {
          db.close();
          reject(tx.error);
        };
      });
    });
  }

  function put(report) {
    return withStore("readwrite", function (store) {
      return store.put(report);
    });
  }

  function get(clientId) {
    return withStore("readonly", function (store) {
      return store.get(clientId);
    });
  }

  function remove(clientId) {
    return withStore("readwrite", function (store) {
      return store.delete(clientId);
    });
  }

  function all() {
    return withStore("readonly", function (store) {
      return store.getAll();
    }).then(function (rows) {
      return (rows || []).sort(function (a, b) {
        return a.savedAt < b.savedAt ? -1 : 1;
      });
    });
  }

  function newClientId() {
    if (window.crypto && typeof window.crypto.randomUUID === "function") {
      return window.crypto.randomUUID();
    }
    var bytes = new Uint8Array(16);
    window.crypto.getRandomValues(bytes);
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    var hex = Array.prototype.map
      .call(bytes, function (b) {
        return (b + 0x100).toString(16).slice(1);
      })
      .join("");
    return (
      hex.slice(0, 8) + "-" + hex.slice(8, 12) + "-" + hex.slice(12, 16) + "-" +
      hex.slice(16, 20) + "-" + hex.slice(20)
    );
  }

  function csrfToken() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    if (match) {
      return decodeURIComponent(match[1]);
    }
    var field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  // Send one report. Resolves {outcome: "sent"|"refused"|"waiting"|"login", url, errors}.
  function send(report) {
    var body = new FormData();
    report.fields.forEach(function (pair) {
      // The page's own token may be older than the cookie's (a cached page): the header decides.
      if (pair[0] !== "csrfmiddlewaretoken") {
        body.append(pair[0], pair[1]);
      }
    });
    (report.files || []).forEach(function (file) {
      body.append(file.name, file.blob, file.filename);
    });
    return fetch(report.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { Accept: "application/json", "X-CSRFToken": csrfToken() },
    }).then(
      function (response) {
        if (response.type === "opaqueredirect") {
          return { outcome: "login" };
        }
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if ((response.status === 200 || response.status === 201) && json) {
          return response.json().then(function (data) {
            return remove(report.clientId).then(function () {
              return { outcome: "sent", url: data.url };
            });
          });
        }
        if ((response.status === 400 || response.status === 403) && json) {
          return response.json().then(function (data) {
            var errors = data.errors || { __all__: [data.detail || ""] };
            report.status = "refused";
            report.errors = errors;
            return put(report).then(function () {
              return { outcome: "refused", errors: errors };
            });
          });
        }
        if (response.status === 403) {
          return { outcome: "login" }; // a CSRF refusal: the session changed
        }
        return { outcome: "waiting" };
      },
      function () {
        return { outcome: "waiting" };
      }
    );
  }

  // Send every waiting report once (never two runs at the same time).
  function sendAll() {
    if (sending) {
      return Promise.resolve();
    }
    sending = true;
    panels.forEach(function (panel) {
      panel.button.disabled = true;
    });
    var lastOutcome = null;
    return all()
      .then(function (reports) {
        var chain = Promise.resolve();
        reports.forEach(function (report) {
          if (report.status !== "waiting") {
            return;
          }
          chain = chain.then(function () {
            if (lastOutcome === "login" || lastOutcome === "waiting") {
              return; // no network or no session: the others would fail the same way
            }
            return send(report).then(function (result) {
              lastOutcome = result.outcome;
              if (result.outcome === "sent") {
                sentLinks.push({ title: report.title, url: result.url });
              }
            });
          });
        });
        return chain;
      })
      .catch(function () {})
      .then(function () {
        sending = false;
        panels.forEach(function (panel) {
          panel.button.disabled = false;
          panel.message(lastOutcome);
        });
        return refresh();
      });
  }

  function text(panel, name) {
    return panel.root.dataset["text" + name] || "";
  }

  function item(panel, report) {
    var li = document.createElement("li");
    li.className = "field-outbox-item border-top py-2";
    li.dataset.clientId = report.clientId;
    li.dataset.status = report.status;
    var head = document.createElement("div");
    head.className = "d-flex flex-wrap justify-content-between gap-2";
    var title = document.createElement("span");
    title.textContent = report.title;
    var badge = document.createElement("span");
    badge.className =
      "badge " + (report.status === "refused" ? "text-bg-danger" : "text-bg-warning");
    badge.dataset.state = report.status;
    badge.textContent = text(panel, report.status === "refused" ? "Refused" : "Waiting");
    head.appendChild(title);
    head.appendChild(badge);
    li.appendChild(head);
    if (report.status === "refused") {
      var list = document.createElement("ul");
      list.className = "small text-danger mb-1";
      Object.keys(report.errors || {}).forEach(function (field) {
        report.errors[field].forEach(function (message) {
          var line = document.createElement("li");
          line.textContent = message;
          list.appendChild(line);
        });
      });
      li.appendChild(list);
      var actions = document.createElement("div");
      actions.className = "d-flex gap-2";
      var open = document.createElement("a");
      open.className = "btn btn-sm btn-outline-primary";
      open.href = report.formUrl + "?antrean=" + encodeURIComponent(report.clientId);
      open.textContent = text(panel, "Open");
      var drop = document.createElement("button");
      drop.type = "button";
      drop.className = "btn btn-sm btn-outline-danger";
      drop.textContent = text(panel, "Delete");
      drop.addEventListener("click", function () {
        if (window.confirm(text(panel, "ConfirmDelete"))) {
          remove(report.clientId).then(refresh);
        }
      });
      actions.appendChild(open);
      actions.appendChild(drop);
      li.appendChild(actions);
    }
    return li;
  }

  function sentItem(panel, sent) {
    var li = document.createElement("li");
    li.className = "field-outbox-item border-top py-2 d-flex justify-content-between gap-2";
    li.dataset.status = "sent";
    var title = document.createElement("span");
    title.textContent = sent.title + " — " + text(panel, "Sent");
    li.appendChild(title);
    if (sent.url) {
      var link = document.createElement("a");
      link.href = sent.url;
      link.textContent = text(panel, "See");
      li.appendChild(link);
    }
    return li;
  }

  function refresh() {
    return all()
      .then(function (reports) {
        panels.forEach(function (panel) {
          panel.list.replaceChildren();
          reports.forEach(function (report) {
            panel.list.appendChild(item(panel, report));
          });
          sentLinks.forEach(function (sent) {
            panel.list.appendChild(sentItem(panel, sent));
          });
          if (!reports.length && !sentLinks.length) {
            var empty = document.createElement("li");
            empty.className = "small text-body-secondary";
            empty.textContent = text(panel, "Empty");
            panel.list.appendChild(empty);
          }
          panel.root.dataset.waiting = String(
            reports.filter(function (r) {
              return r.status === "waiting";
            }).length
          );
        });
      })
      .catch(function () {});
  }

  function registerWorker(root) {
    var status = root.querySelector("[data-offline-status]");
    if (!("serviceWorker" in navigator) || !window.isSecureContext || !window.indexedDB) {
      status.textContent = root.dataset.textNoOffline;
      return;
    }
    navigator.serviceWorker
      .register(root.dataset.swUrl, { scope: root.dataset.swScope })
      .then(function () {
        return navigator.serviceWorker.ready;
      })
      .then(function () {
        document.documentElement.dataset.offlineReady = "true";
        status.textContent = root.dataset.textReady;
      })
      .catch(function () {
        status.textContent = root.dataset.textNoOffline;
      });
  }

  function mount(root) {
    var panel = {
      root: root,
      list: root.querySelector("[data-outbox-list]"),
      button: root.querySelector("[data-send-now]"),
      box: root.querySelector("[data-outbox-message]"),
    };
    panel.message = function (outcome) {
      panel.box.replaceChildren();
      var words = outcome === "login" ? text(panel, "Login") : "";
      if (outcome === "waiting" && !navigator.onLine) {
        words = text(panel, "Offline");
      }
      if (words) {
        var note = document.createElement("div");
        note.className = "alert alert-warning py-2 small mb-2";
        note.textContent = words;
        panel.box.appendChild(note);
      }
    };
    panel.button.addEventListener("click", function () {
      sendAll();
    });
    panels.push(panel);
    registerWorker(root);
  }

  document.querySelectorAll("[data-outbox]").forEach(mount);
  window.addEventListener("online", function () {
    sendAll();
  });

  window.SitrantibOutbox = {
    put: put,
    get: get,
    remove: remove,
    all: all,
    send: send,
    sendAll: sendAll,
    refresh: refresh,
    newClientId: newClientId,
    noteSent: function (title, url) {
      sentLinks.push({ title: title, url: url });
    },
    isSending: function () {
      return sending;
    },
  };

  refresh().then(function () {
    if (navigator.onLine) {
      sendAll();
    }
  });
})();
