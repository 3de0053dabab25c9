/* The Figures catalogue was one page; it is now an index and one page per group. An old link to the index's
   #name (figures/#name) opens the figure's entry on its own page. The index carries the map name → page
   (#catalogue-pages); each group's link on the index carries its key (data-catalogue), so the address of the
   page is whatever the site builder made of the link. */
(function () {
  var map = document.getElementById("catalogue-pages");
  var name = decodeURIComponent(location.hash.slice(1));
  if (!map || !name || document.getElementById(name)) return;
  var page = JSON.parse(map.textContent)[name] || "";
  var key = page.replace(/^.*\//, "").replace(/\.md$/, "");
  var link = key && document.querySelector('a[data-catalogue="' + key + '"]');
  if (link) location.replace(link.href.split("#")[0] + "#" + name);
})();
