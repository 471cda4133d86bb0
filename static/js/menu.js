// The header menus are <details> elements and work without this file. With it, Escape closes
// an open menu (focus back on its button), and a click elsewhere closes it too.
(function () {
  "use strict";
  var menus = document.querySelectorAll(".site-menu, .account-menu");
  if (!menus.length) return;
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    menus.forEach(function (menu) {
      if (!menu.open) return;
      menu.open = false;
      menu.querySelector("summary").focus();
    });
  });
  document.addEventListener("click", function (event) {
    menus.forEach(function (menu) {
      if (menu.open && !menu.contains(event.target)) menu.open = false;
    });
  });
})();
