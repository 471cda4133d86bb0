// Progressive enhancement only: every feature works without this file.
(function () {
  "use strict";

  // "Leave this site": the plain link works alone. Here it also replaces this page in the
  // history (Back does not return to it), and Escape pressed twice within a second leaves too.
  var exit = document.querySelector("a[data-quick-exit]");
  if (exit) {
    var leave = function () {
      document.body.hidden = true;  // nothing of the page stays on screen while the next loads
      window.location.replace(exit.href);
    };
    exit.addEventListener("click", function (event) {
      if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
      event.preventDefault();
      leave();
    });
    var lastEscape = 0;
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape" || event.repeat) return;
      var now = Date.now();
      if (now - lastEscape < 1000) {
        leave();
      }
      lastEscape = now;
    });
  }

  // Old reply addresses ("#reply-183") name a global id that pages no longer show. For a
  // signed-in reader, the server sends its own reply's old address on to the new anchor.
  var old = /^#reply-([0-9]+)$/.exec(window.location.hash);
  var linkPattern = document.body.getAttribute("data-reply-link");
  if (old && linkPattern && !document.getElementById("reply-" + old[1])) {
    window.location.replace(linkPattern.replace(/0\/$/, old[1] + "/"));
  }

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
  // with fetch (same origin, the CSRF token from the form itself) and the pressed button
  // updated. The story has its own form; a thread's replies share one, which their buttons
  // name with form="…" (so event.submitter, not the form's contents, says which was pressed).
  // A button's value ends in the state it asks for: "kind:1", or "reply key:kind:1".
  document.querySelectorAll("form[data-reaction]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      var button = event.submitter;
      if (!window.fetch || !window.FormData || !button || button.name !== "reaction") return;
      if (form.dataset.plain) return;  // the fallback below: let the browser post it
      event.preventDefault();
      if (button.disabled) return;
      button.disabled = true;
      var body = new FormData(form);
      body.append("reaction", button.value);
      fetch(form.action, {
        method: "POST",
        body: body,
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      }).then(function (response) {
        if (!response.ok) throw new Error("status " + response.status);
        return response.json();
      }).then(function (data) {
        button.setAttribute("aria-pressed", data.active ? "true" : "false");
        // A count of zero is sent without its span (bytes under every reply): add it here.
        var count = button.querySelector("span");
        if (!count) {
          count = document.createElement("span");
          button.append(" ", count);
        }
        count.textContent = data.count ? String(data.count) : "";
        button.value = button.value.replace(/:[01]?$/, data.active ? ":0" : ":1");
      }).catch(function () {
        // Fall back to the plain form and its clear message.
        button.disabled = false;
        form.dataset.plain = "1";
        var chosen = document.createElement("input");
        chosen.type = "hidden";
        chosen.name = "reaction";
        chosen.value = button.value;
        form.appendChild(chosen);
        form.submit();
      }).then(function () {
        button.disabled = false;
      });
    });
  });
})();
