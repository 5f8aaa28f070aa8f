// Draws a map of points. The points come from JSON the page embeds (#network-map-points)
// or, for a page that should stay small however many points there are, from the address in
// the map element's data-points-url. Every page with a map also gives the same places as
// text, so the map is an enhancement: without JavaScript or tiles nothing is lost.
(function () {
  "use strict";
  var element = document.getElementById("network-map");
  if (!element || typeof L === "undefined") { return; }

  function draw(points) {
    if (!points.length) { element.hidden = true; return; }
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
    map.fitBounds(bounds, { padding: [20, 20] });
  }

  var data = document.getElementById("network-map-points");
  if (data) {
    draw(JSON.parse(data.textContent));
  } else if (element.dataset.pointsUrl && window.fetch) {
    fetch(element.dataset.pointsUrl, { headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error(response.status); }
        return response.json();
      })
      .then(function (body) { draw(body.points || []); })
      .catch(function () { element.hidden = true; });
  }
})();
