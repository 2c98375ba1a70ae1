// Field-work maps: desa boundaries and points (Poskamling, incidents) with NO tile server needed.
//
// Every <div class="field-map"> on the page becomes a map. Its data-* attributes:
//   data-boundaries-url  GeoJSON of desa shapes (regions:village_map_data?kecamatan=...)
//   data-points-url      GeoJSON points (fieldwork:map_data?<filters>&layers=posts,incidents)
//   data-focus-village   optional desa code: that desa is outlined and the map fits it
//   data-tile-url        optional tile layer (only when the page names one), data-tile-attribution
//   data-pick-lat / data-pick-lon   optional ids of inputs: a click on the map writes the point
//   data-label-*         texts: post, incident, inactive, open, legend, picked, empty
// After drawing, the div carries data-boundaries-loaded and data-points-loaded (counts) or
// data-loaded="error". A <button class="js-geolocate" data-lat-input data-lon-input
// data-status-target data-text-*> anywhere fills the same inputs from the phone's position.
(function () {
  "use strict";
  if (typeof L === "undefined") { return; }

  var palette = ["#dbe7f3", "#f7e3cf", "#e3efdc", "#efe0ec", "#f5efcf", "#dcefee"];
  var statusClass = {
    reported: "field-map-incident-open",
    verified: "field-map-incident-open",
    handled: "field-map-incident-done",
    handed_over: "field-map-incident-done",
    closed: "field-map-incident-done",
    rejected: "field-map-incident-done"
  };

  function getJSON(url) {
    return fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.json();
      });
  }

  function text(el, name, fallback) {
    var value = el.dataset["label" + name.charAt(0).toUpperCase() + name.slice(1)];
    return value || fallback;
  }

  function node(tag, className, content) {
    var n = document.createElement(tag);
    if (className) { n.className = className; }
    if (content !== undefined && content !== null) { n.textContent = content; }
    return n;
  }

  function popupFor(el, p) {
    var box = node("div", "field-map-popup");
    var kind = p.kind === "post" ? text(el, "post", "Poskamling") : text(el, "incident", "Kejadian");
    box.appendChild(node("div", "small text-muted", kind + (p.village ? " · " + p.village : "")));
    box.appendChild(node("strong", "", p.name || ""));
    var details = [];
    if (p.kind === "post" && p.active === false) { details.push(text(el, "inactive", "tidak aktif")); }
    if (p.status_label) { details.push(p.status_label); }
    if (p.date) { details.push(p.date); }
    if (details.length) { box.appendChild(node("div", "small", details.join(" · "))); }
    if (p.url) {
      var link = node("a", "", text(el, "open", "Buka"));
      link.href = p.url;
      var line = node("div", "mt-1");
      line.appendChild(link);
      box.appendChild(line);
    }
    return box;
  }

  function addLegend(map, el) {
    var legend = L.control({ position: "bottomright" });
    legend.onAdd = function () {
      var box = node("div", "field-map-legend");
      box.setAttribute("aria-hidden", "true");  // the page's table/list says the same in text
      box.appendChild(node("div", "fw-semibold", text(el, "legend", "Keterangan")));
      [
        ["field-map-swatch-post", text(el, "post", "Poskamling")],
        ["field-map-swatch-post-inactive", text(el, "postInactive", "Poskamling tidak aktif")],
        ["field-map-swatch-incident-open", text(el, "incidentOpen", "Kejadian belum ditangani")],
        ["field-map-swatch-incident-done", text(el, "incidentDone", "Kejadian sudah ditangani")],
        ["field-map-swatch-village", text(el, "village", "Batas desa")]
      ].forEach(function (row) {
        var line = node("div", "field-map-legend-row");
        line.appendChild(node("span", "field-map-swatch " + row[0]));
        line.appendChild(node("span", "", row[1]));
        box.appendChild(line);
      });
      return box;
    };
    legend.addTo(map);
  }

  function setupPicker(map, el) {
    var latInput = document.getElementById(el.dataset.pickLat || "");
    var lonInput = document.getElementById(el.dataset.pickLon || "");
    if (!latInput || !lonInput) { return; }
    var marker = null;
    function place(lat, lon, pan) {
      if (isNaN(lat) || isNaN(lon)) { return; }
      var point = L.latLng(lat, lon);
      if (marker) {
        marker.setLatLng(point);
      } else {
        marker = L.circleMarker(point, {
          radius: 9, weight: 3, color: "#111", fillColor: "#ffd400", fillOpacity: 1,
          className: "field-map-picked"
        }).addTo(map);
        marker.bindTooltip(text(el, "picked", "Titik yang dipilih"));
      }
      if (pan) { map.panTo(point); }
    }
    function fromInputs(pan) {
      var lat = parseFloat(String(latInput.value).replace(",", "."));
      var lon = parseFloat(String(lonInput.value).replace(",", "."));
      place(lat, lon, pan);
    }
    fromInputs(false);
    el.classList.add("field-map-picking");
    map.on("click", function (event) {
      latInput.value = event.latlng.lat.toFixed(6);
      lonInput.value = event.latlng.lng.toFixed(6);
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
      lonInput.dispatchEvent(new Event("change", { bubbles: true }));
      place(event.latlng.lat, event.latlng.lng, false);
    });
    latInput.addEventListener("change", function () { fromInputs(true); });
    lonInput.addEventListener("change", function () { fromInputs(true); });
    el.fieldMapPlace = place;
  }

  function drawMap(el) {
    var map = L.map(el, { zoomSnap: 0.25, attributionControl: true });
    el.fieldMap = map;
    if (el.dataset.tileUrl) {
      L.tileLayer(el.dataset.tileUrl, {
        maxZoom: 19, attribution: el.dataset.tileAttribution || ""
      }).addTo(map);
    }
    var focus = el.dataset.focusVillage || "";
    var fitTo = L.latLngBounds([]);
    var focusBounds = null;
    var i = 0;
    // One request after the other: two small answers, and a busy server is not asked twice at once.
    var shapes = el.dataset.boundariesUrl ? getJSON(el.dataset.boundariesUrl) : Promise.resolve(null);

    var drawnShapes = shapes.then(function (data) {
      if (!data) { el.dataset.boundariesLoaded = "0"; return; }
      var layer = L.geoJSON(data, {
        style: function (feature) {
          var focused = focus && feature.properties.code === focus;
          return {
            color: focused ? "#0b3d91" : "#345",
            weight: focused ? 3 : 1.2,
            fillColor: palette[i++ % palette.length],
            fillOpacity: focus && !focused ? 0.25 : 0.55,
            className: "field-map-village" + (focused ? " field-map-village-focus" : "")
          };
        },
        onEachFeature: function (feature, shape) {
          var p = feature.properties;
          shape.bindTooltip(p.name, { permanent: !focus || p.code === focus, direction: "center", className: "village-label" });
          if (p.code === focus) { focusBounds = shape.getBounds(); }
        }
      }).addTo(map);
      if (data.features.length) { fitTo.extend(layer.getBounds()); }
      el.dataset.boundariesLoaded = String(data.features.length);
    });

    var drawnPoints = drawnShapes.then(function () {
      return el.dataset.pointsUrl ? getJSON(el.dataset.pointsUrl) : null;
    }).then(function (data) {
      if (!data) { el.dataset.pointsLoaded = "0"; return; }
      var layer = L.geoJSON(data, {
        pointToLayer: function (feature, latlng) {
          var p = feature.properties;
          var cls = p.kind === "post"
            ? (p.active === false ? "field-map-post field-map-post-inactive" : "field-map-post")
            : "field-map-incident " + (statusClass[p.status] || "field-map-incident-open");
          var isPost = p.kind === "post";
          return L.circleMarker(latlng, {
            radius: isPost ? 7 : 6,
            weight: 2,
            color: isPost ? "#0b3d91" : "#7a1010",
            fillColor: isPost ? (p.active === false ? "#9aa5b1" : "#1f6fd1") : (cls.indexOf("open") >= 0 ? "#d32f2f" : "#f0a030"),
            fillOpacity: 0.95,
            className: cls
          });
        },
        onEachFeature: function (feature, marker) {
          marker.bindTooltip(feature.properties.name || "");
          marker.bindPopup(popupFor(el, feature.properties));
        }
      }).addTo(map);
      if (data.features.length) { fitTo.extend(layer.getBounds()); }
      el.dataset.pointsLoaded = String(data.features.length);
    });

    Promise.all([drawnShapes, drawnPoints]).then(function () {
      if (focusBounds) {
        map.fitBounds(focusBounds, { padding: [12, 12] });
      } else if (fitTo.isValid()) {
        map.fitBounds(fitTo, { padding: [12, 12], maxZoom: 17 });
      } else {
        map.setView([-8.2, 113.2], 11);
        var empty = node("p", "field-map-empty", text(el, "empty", "Belum ada batas desa atau titik untuk ditampilkan."));
        el.parentNode.insertBefore(empty, el.nextSibling);
      }
      addLegend(map, el);
      setupPicker(map, el);
      el.dataset.loaded = "yes";
    }).catch(function (error) {
      el.dataset.loaded = "error";
      el.dataset.error = String(error && error.message || error);
      map.setView([-8.2, 113.2], 11);
      setupPicker(map, el);
    });
  }

  function setupGeolocate(button) {
    var latInput = document.getElementById(button.dataset.latInput || "");
    var lonInput = document.getElementById(button.dataset.lonInput || "");
    var status = document.getElementById(button.dataset.statusTarget || "");
    if (!latInput || !lonInput) { return; }
    function say(message) { if (status) { status.textContent = message || ""; } }
    if (!("geolocation" in navigator)) {
      button.disabled = true;
      say(button.dataset.textUnsupported);
      return;
    }
    button.addEventListener("click", function () {
      say(button.dataset.textWaiting);
      navigator.geolocation.getCurrentPosition(function (position) {
        latInput.value = position.coords.latitude.toFixed(6);
        lonInput.value = position.coords.longitude.toFixed(6);
        latInput.dispatchEvent(new Event("change", { bubbles: true }));
        lonInput.dispatchEvent(new Event("change", { bubbles: true }));
        say(button.dataset.textDone);
      }, function () {
        say(button.dataset.textError);
      }, { enableHighAccuracy: true, timeout: 20000, maximumAge: 60000 });
    });
  }

  Array.prototype.forEach.call(document.querySelectorAll(".field-map"), drawMap);
  Array.prototype.forEach.call(document.querySelectorAll(".js-geolocate"), setupGeolocate);
})();
