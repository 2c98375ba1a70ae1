/*
 * The visit and incident report forms on a phone (docs/adr/0084). No library.
 *
 * - The desa choice shows only that desa's Poskamling, Satgas and dusun ([data-village]). For a
 *   wide scope (form[data-village-options], docs/adr/0109) the desa is searched as typed and the
 *   chosen desa's choices are fetched from the scoped endpoint and put in place of the others.
 * - The team shows one empty row more at a time ("Tambah anggota tim").
 * - "Pakai lokasi saya" fills the coordinates from navigator.geolocation.
 * - A new report (form[data-offline]) gets its own client id, is kept in the offline queue
 *   (queue.js, IndexedDB) BEFORE it is sent, and is sent by fetch: accepted -> its page opens;
 *   refused -> the reasons are shown beside the fields and it stays in the queue as "ditolak";
 *   no connection -> it waits in the list and the form is emptied for the next report. The button
 *   is disabled while a report is being kept and sent, so a double tap sends it once (and the
 *   client id would make a second send return the first record anyway).
 * - `?antrean=<client id>` opens a refused report from the queue back in the form.
 * Without this script the form is a normal form (the server checks it and shows the errors).
 */
(function () {
  "use strict";

  var MAX_QUEUED_BYTES = 20 * 1024 * 1024;

  function byName(form, name) {
    return form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']");
  }

  function filterByVillage(form) {
    var village = form.querySelector("[name=village]");
    if (!village) {
      return;
    }
    var code = village.value;
    form.querySelectorAll("[data-village-choices]").forEach(function (box) {
      box.querySelectorAll("[data-village]").forEach(function (option) {
        var mine = !code || option.dataset.village === code;
        if (option.tagName === "OPTION") {
          option.hidden = !mine;
          option.disabled = !mine;
          if (!mine && option.selected) {
            option.selected = false;
            option.parentElement.value = "";
          }
        } else {
          var row = option.closest(".form-check") || option;
          row.hidden = !mine;
          if (!mine) {
            option.checked = false;
          }
        }
      });
    });
  }

  function checkbox(name, id, item, code) {
    var row = document.createElement("div");
    var input = document.createElement("input");
    var label = document.createElement("label");
    row.className = "form-check";
    input.type = "checkbox";
    input.className = "form-check-input";
    input.name = name;
    input.value = item.id;
    input.id = id;
    input.dataset.village = code;
    label.className = "form-check-label";
    label.htmlFor = id;
    label.textContent = item.label;
    row.append(input, label);
    return row;
  }

  function fillChoices(form, code, data) {
    form.querySelectorAll("[data-village-choices]").forEach(function (box) {
      var name = box.dataset.villageChoices;
      var items = (data && data[name]) || [];
      var select = box.querySelector("select");
      if (select) {
        Array.prototype.slice.call(select.options).forEach(function (option) {
          if (option.value !== "") {
            option.remove();
          }
        });
        items.forEach(function (item) {
          var option = new Option(item.label, item.id);
          option.dataset.village = code;
          select.add(option);
        });
        select.value = "";
        return;
      }
      var fieldset = box.querySelector("fieldset");
      if (!fieldset) {
        return;
      }
      fieldset.querySelectorAll(".form-check").forEach(function (row) {
        row.remove();
      });
      var after = fieldset.querySelector("legend");
      items.forEach(function (item, index) {
        var row = checkbox(name, "id_" + name + "_" + index, item, code);
        if (after) {
          after.after(row);
        } else {
          fieldset.prepend(row);
        }
        after = row;
      });
    });
  }

  function loadVillageOptions(form) {
    var url = form.dataset.villageOptions;
    var village = form.querySelector("[name=village]");
    var code = village ? village.value.trim() : "";
    if (!url || (village && village.getAttribute("role") === "combobox")) {
      return;
    }
    if (!code) {
      fillChoices(form, "", null);
      return;
    }
    fetch(url + "?desa=" + encodeURIComponent(code), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (data) {
        var now = form.querySelector("[name=village]");
        if (now && now.value.trim() === code) {
          fillChoices(form, code, data);
          filterByVillage(form);
        }
      })
      .catch(function () {
        // No connection: the choices stay as they are; the server checks what is sent.
      });
  }

  function setUpTeam(form) {
    var rows = Array.prototype.slice.call(form.querySelectorAll("[data-team-row]"));
    var add = form.querySelector("[data-team-add]");
    if (!rows.length || !add) {
      return;
    }
    function filled(row) {
      return Array.prototype.some.call(row.querySelectorAll("input"), function (input) {
        return input.type !== "hidden" && input.value.trim() !== "";
      }) || row.querySelector(".is-invalid");
    }
    var last = 0;
    rows.forEach(function (row, index) {
      if (filled(row)) {
        last = index;
      }
    });
    rows.forEach(function (row, index) {
      row.hidden = index > last;
    });
    add.hidden = last >= rows.length - 1;
    add.addEventListener("click", function () {
      var next = rows.find(function (row) {
        return row.hidden;
      });
      if (next) {
        next.hidden = false;
        var input = next.querySelector("input:not([type=hidden])");
        if (input) {
          input.focus();
        }
      }
      add.hidden = !rows.some(function (row) {
        return row.hidden;
      });
    });
  }

  function setUpLocation(form) {
    var button = form.querySelector("[data-locate]");
    if (!button || !navigator.geolocation) {
      return;
    }
    var status = form.querySelector("[data-locate-status]");
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = button.dataset.textLocating;
      navigator.geolocation.getCurrentPosition(
        function (position) {
          byName(form, "latitude")[0].value = position.coords.latitude.toFixed(6);
          byName(form, "longitude")[0].value = position.coords.longitude.toFixed(6);
          status.textContent = button.dataset.textLocated;
        },
        function () {
          status.textContent = button.dataset.textFailed;
        },
        { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 }
      );
    });
  }

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  function setNow(form) {
    var now = new Date();
    var date = form.dataset.nowDate && document.getElementById(form.dataset.nowDate);
    var time = form.dataset.nowTime && document.getElementById(form.dataset.nowTime);
    if (date) {
      date.value = now.getFullYear() + "-" + pad(now.getMonth() + 1) + "-" + pad(now.getDate());
    }
    if (time) {
      time.value = pad(now.getHours()) + ":" + pad(now.getMinutes());
    }
  }

  function message(form, kind, words) {
    var box = form.querySelector("[data-form-message]");
    box.replaceChildren();
    if (!words) {
      return;
    }
    var note = document.createElement("div");
    note.className = "alert py-2 alert-" + kind;
    note.setAttribute("role", kind === "danger" ? "alert" : "status");
    note.dataset.formMessage = kind;
    note.textContent = words;
    box.appendChild(note);
    box.scrollIntoView({ block: "start" });
  }

  function clearErrors(form) {
    form.querySelectorAll("[data-queue-error]").forEach(function (node) {
      node.remove();
    });
    form.querySelectorAll(".is-invalid").forEach(function (node) {
      node.classList.remove("is-invalid");
    });
  }

  // The server's reasons beside their fields (or at the top when the field is not on the page).
  function showErrors(form, errors) {
    clearErrors(form);
    var loose = [];
    Object.keys(errors || {}).forEach(function (name) {
      var fields = byName(form, name);
      var field = fields.length ? fields[fields.length - 1] : null;
      var words = errors[name].join(" ");
      if (!field || field.type === "hidden") {
        loose.push(words);
        return;
      }
      var note = document.createElement("div");
      note.className = "invalid-feedback d-block";
      note.dataset.queueError = name;
      note.textContent = words;
      fields.forEach(function (f) {
        f.classList.add("is-invalid");
      });
      var anchor = field.closest(".form-check") || field.closest(".search-select") || field;
      anchor.insertAdjacentElement("afterend", note);
    });
    if (loose.length) {
      var top = document.createElement("div");
      top.className = "alert alert-danger";
      top.dataset.queueError = "__all__";
      top.textContent = loose.join(" ");
      form.querySelector("[data-form-message]").insertAdjacentElement("afterend", top);
    }
  }

  function title(form) {
    var kind = form.dataset.fieldForm;
    var outbox = document.querySelector("[data-outbox]");
    var word = outbox ? outbox.dataset["text" + (kind === "visit" ? "Visit" : "Incident")] : kind;
    var village = form.querySelector("[name=village]");
    var villageName = village && village.selectedOptions && village.selectedOptions[0];
    var searched = form.querySelector("[data-search-select] [role=combobox]");
    var place = villageName ? villageName.textContent.trim() : searched ? searched.value.trim() : "";
    var date = form.dataset.nowDate && document.getElementById(form.dataset.nowDate);
    return [word, place, date ? date.value : ""]
      .filter(Boolean)
      .join(" · ");
  }

  function collect(form) {
    var data = new FormData(form);
    var fields = [];
    var files = [];
    var bytes = 0;
    data.forEach(function (value, name) {
      if (typeof value === "string") {
        fields.push([name, value]);
      } else if (value && value.size) {
        files.push({ name: name, blob: value, filename: value.name });
        bytes += value.size;
      }
    });
    return { fields: fields, files: files, bytes: bytes };
  }

  function restore(form, report) {
    var names = {};
    report.fields.forEach(function (pair) {
      (names[pair[0]] = names[pair[0]] || []).push(pair[1]);
    });
    Object.keys(names).forEach(function (name) {
      if (name === "csrfmiddlewaretoken") {
        return;
      }
      byName(form, name).forEach(function (field) {
        if (field.type === "checkbox" || field.type === "radio") {
          field.checked = names[name].indexOf(field.value) !== -1;
        } else if (field.type !== "file") {
          field.value = names[name][0];
        }
      });
    });
    if (report.files && report.files.length && window.DataTransfer) {
      var transfer = new DataTransfer();
      report.files.forEach(function (file) {
        transfer.items.add(new File([file.blob], file.filename, { type: file.blob.type }));
      });
      var input = byName(form, report.files[0].name)[0];
      if (input) {
        input.files = transfer.files;
      }
    }
  }

  function setUpOffline(form) {
    var queue = window.SitrantibOutbox;
    var clientField = byName(form, "client_id")[0];
    var submit = form.querySelector("[data-submit]");
    if (!queue || !clientField || !window.indexedDB || !window.fetch) {
      return; // a normal form
    }
    var busy = false;
    var reopened = new URLSearchParams(window.location.search).get("antrean");
    var fresh = function () {
      clientField.value = queue.newClientId();
    };
    if (reopened) {
      queue.get(reopened).then(function (report) {
        if (report) {
          restore(form, report);
          filterByVillage(form);
          showErrors(form, report.errors);
          message(form, "danger", form.dataset.textRefused);
        }
      });
    } else if (!form.querySelector(".is-invalid")) {
      fresh(); // a page answered from the cache must never reuse an earlier report's id
      setNow(form);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      if (busy) {
        return;
      }
      busy = true;
      submit.disabled = true;
      if (!clientField.value) {
        fresh();
      }
      var parts = collect(form);
      if (parts.bytes > MAX_QUEUED_BYTES) {
        message(form, "danger", form.dataset.textTooBig);
        busy = false;
        submit.disabled = false;
        return;
      }
      var report = {
        clientId: clientField.value,
        kind: form.dataset.fieldForm,
        url: form.dataset.offline,
        formUrl: form.dataset.offline,
        title: title(form),
        fields: parts.fields,
        files: parts.files,
        status: "waiting",
        errors: {},
        savedAt: new Date().toISOString(),
      };
      queue
        .put(report)
        .then(function () {
          return queue.send(report);
        })
        .then(function (result) {
          if (result.outcome === "sent") {
            window.location.assign(result.url);
            return;
          }
          if (result.outcome === "refused") {
            showErrors(form, result.errors);
            message(form, "danger", form.dataset.textRefused);
          } else {
            // Kept on the device: the form is emptied for the next report.
            form.reset();
            clearErrors(form);
            fresh();
            setNow(form);
            filterByVillage(form);
            message(form, "warning", form.dataset.textSaved);
            if (reopened) {
              window.history.replaceState(null, "", form.dataset.offline);
              reopened = null;
            }
          }
          busy = false;
          submit.disabled = false;
          return queue.refresh();
        })
        .catch(function () {
          // IndexedDB refused (private mode, full disk): let the browser send the form itself.
          busy = false;
          submit.disabled = false;
          form.submit();
        });
    });
  }

  document.querySelectorAll("form[data-field-form]").forEach(function (form) {
    // Delegated: a searched desa's chosen id sits in a hidden input made by search-select.js.
    form.addEventListener("change", function (event) {
      if (event.target.name === "village") {
        if (form.dataset.villageOptions) {
          loadVillageOptions(form);
        } else {
          filterByVillage(form);
        }
      }
    });
    filterByVillage(form);
    setUpTeam(form);
    setUpLocation(form);
    setUpOffline(form);
  });
})();
