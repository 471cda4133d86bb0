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

  // Reactions without a page reload. The form posts as usual without this; here it is sent
  // with fetch (same origin, the CSRF token from the form itself) and the button updated.
  document.querySelectorAll("form[data-reaction]").forEach(function (form) {
    var button = form.querySelector("button");
    var count = form.querySelector(".reaction-count");
    var active = form.querySelector("input[name=active]");
    form.addEventListener("submit", function (event) {
      if (!window.fetch || !window.FormData) return;
      event.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      fetch(form.action, {
        method: "POST",
        body: new FormData(form),
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      }).then(function (data) {
        button.setAttribute("aria-pressed", data.active ? "true" : "false");
        count.textContent = String(data.count);
        active.value = data.active ? "0" : "1";
      }).catch(function () {
        form.submit();  // fall back to the plain form and its clear message
      }).then(function () {
        button.disabled = false;
      });
    });
  });
})();
