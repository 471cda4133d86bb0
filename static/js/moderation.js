/* Keyboard shortcuts for the moderation queue: a progressive enhancement. Every shortcut
   presses a button or follows a link that is on the page anyway, so the queue works the same
   without JavaScript. Keys typed into text fields, selects or with a modifier are left alone. */
(function () {
  "use strict";

  var list = document.querySelector("[data-queue]");
  var undo = document.querySelector("[data-undo]");
  if (!list && !undo) return;
  var itemsOnPage = list ? Array.prototype.slice.call(list.querySelectorAll("[data-item]")) : [];
  var current = -1;

  function typing(target) {
    if (!target || !target.closest) return false;
    return Boolean(target.closest("input, textarea, select, [contenteditable], [contenteditable='true']"));
  }

  function focusItem(index) {
    if (!itemsOnPage.length) return;
    current = Math.max(0, Math.min(index, itemsOnPage.length - 1));
    itemsOnPage.forEach(function (el, i) { el.classList.toggle("mod-current", i === current); });
    itemsOnPage[current].focus();
    itemsOnPage[current].scrollIntoView({ block: "start" });
  }

  function itemFor(node) {
    return node && node.closest ? node.closest("[data-item]") : null;
  }

  function activeItem() {
    var fromFocus = itemFor(document.activeElement);
    if (fromFocus) return fromFocus;
    return current >= 0 ? itemsOnPage[current] : null;
  }

  // Start where the page landed (after a decision the URL points at the next item).
  if (location.hash.indexOf("#item-") === 0) {
    var landed = document.getElementById(location.hash.slice(1));
    var at = itemsOnPage.indexOf(landed);
    if (at >= 0) focusItem(at);
  }

  // Ctrl/Cmd+Enter in a reason box sends "remove" (the reason is what remove needs).
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey)) return;
    var box = event.target;
    if (!box || box.tagName !== "TEXTAREA" || !box.closest(".mod-actions")) return;
    var remove = box.closest("form").querySelector("[data-shortcut='r']");
    if (remove) { event.preventDefault(); remove.click(); }
  });

  document.addEventListener("keydown", function (event) {
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey) return;
    if (typing(event.target)) return;
    var key = event.key;
    if (key === "j" || key === "k") {
      var from = itemsOnPage.indexOf(activeItem());
      focusItem(from < 0 ? 0 : from + (key === "j" ? 1 : -1));
      event.preventDefault();
      return;
    }
    if (key === "u" && undo) {
      undo.querySelector("button").click();
      event.preventDefault();
      return;
    }
    var item = activeItem();
    if (!item) return;
    if (key === "x") {
      var box = item.querySelector("[data-select]");
      if (box) { box.checked = !box.checked; }
      event.preventDefault();
      return;
    }
    if (key === "o") {
      var details = item.querySelector("details.sensitive");
      if (details) { details.open = !details.open; }
      event.preventDefault();
      return;
    }
    var button = item.querySelector("[data-shortcut='" + key + "']");
    if (!button) return;
    event.preventDefault();
    if (key === "r") {
      // Removing needs a reason: go to the box first; Ctrl+Enter there sends it.
      var reason = item.querySelector(".mod-actions textarea");
      var saved = item.querySelector(".mod-actions select");
      if (reason && !reason.value.trim() && !(saved && saved.value)) { reason.focus(); return; }
    }
    button.click();
  });
})();
