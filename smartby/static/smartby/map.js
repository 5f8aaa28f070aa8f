// Draws the network map from the JSON the page embeds. The page lists the same cities as
// text, so the map is an enhancement: without JavaScript or tiles nothing is lost.
(function () {
  "use strict";
  var element = document.getElementById("network-map");
  var data = document.getElementById("network-map-points");
  if (!element || !data || typeof L === "undefined") { return; }
  var points = JSON.parse(data.textContent);
  var map = L.map(element, { scrollWheelZoom: false, keyboard: false });
  var tiles = element.dataset.tileUrl;
  if (tiles) {
    L.tileLayer(tiles, { maxZoom: 12, attribution: element.dataset.attribution }).addTo(map);
  }
  var bounds = [];
  points.forEach(function (p) {
    var marker = L.circleMarker([p.lat, p.lon], {
      radius: 7, color: "#073f54", weight: 2, fillColor: "#0b5c7a", fillOpacity: 0.85,
    }).addTo(map);
    var link = document.createElement("a");
    link.href = p.url;
    link.textContent = p.name;
    marker.bindPopup(link);
    bounds.push([p.lat, p.lon]);
  });
  if (bounds.length) { map.fitBounds(bounds, { padding: [20, 20] }); }
})();
