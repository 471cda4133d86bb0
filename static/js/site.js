// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";

  // "Copy link" buttons next to read-only inputs (the guest's manage link).
  document.querySelectorAll("[data-copy-target]").forEach(function (button) {
    var input = document.getElementById(button.getAttribute("data-copy-target"));
    var status = document.querySelector("[data-copy-status]");
    if (!input || !navigator.clipboard) {
      return;
    }
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(input.value).then(
        function () {
          if (status) status.textContent = button.getAttribute("data-copied") || "Link copied.";
        },
        function () {
          input.select();
          if (status) status.textContent = "Select the link and copy it.";
        }
      );
    });
  });

  // Selecting the whole manage link on focus makes manual copying easy too.
  document.querySelectorAll("input.manage-url").forEach(function (input) {
    input.addEventListener("focus", function () { input.select(); });
  });
})();
