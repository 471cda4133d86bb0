// The writer's safety net, progressive enhancement only (the forms work without it):
// - a draft of the story form kept in this browser (localStorage), restored after a closed tab,
//   a failed submit or a "please slow down" page, and cleared once the story is saved;
// - a gentle character counter under the story field;
// - on the "posted" page, a reminder before leaving while the private link is not yet saved.
// Nothing here is sent anywhere: the draft stays on this device.
(function () {
  "use strict";

  var PREFIX = "unspoken:draft:";
  // A week: long enough for a closed tab or a pause, short enough not to linger on a shared device.
  var MAX_AGE_MS = 7 * 24 * 3600 * 1000;

  function storage() {
    try {
      var probe = PREFIX + "probe";
      window.localStorage.setItem(probe, "1");
      window.localStorage.removeItem(probe);
      return window.localStorage;
    } catch (e) {
      return null; // private mode, storage full or switched off: no drafts, nothing breaks
    }
  }

  function fieldsOf(form) {
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name && el.type !== "hidden" && el.type !== "submit" && el.type !== "button" &&
        el.name !== "website" && el.name !== "csrfmiddlewaretoken";
    });
  }

  function read(form) {
    var data = {};
    fieldsOf(form).forEach(function (el) {
      if (el.type === "checkbox" || el.type === "radio") {
        if (!data[el.name]) data[el.name] = [];
        if (el.checked) data[el.name].push(el.value);
      } else {
        data[el.name] = el.value;
      }
    });
    return data;
  }

  function write(form, data) {
    fieldsOf(form).forEach(function (el) {
      if (!(el.name in data)) return;
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = data[el.name].indexOf(el.value) !== -1;
      } else {
        el.value = data[el.name];
      }
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function hasText(data) {
    return Boolean((data.title || "").trim() || (data.body || "").trim());
  }

  function setupDraft(form, store) {
    var key = PREFIX + form.getAttribute("data-draft-key");
    var notice = document.querySelector("[data-draft-notice]");
    var saved = null;
    try {
      saved = JSON.parse(store.getItem(key) || "null");
    } catch (e) {
      saved = null;
    }
    if (saved && (!saved.fields || Date.now() - (saved.at || 0) > MAX_AGE_MS)) {
      store.removeItem(key);
      saved = null;
    }
    var onPage = read(form);
    var sentBack = form.hasAttribute("data-draft-sent");

    function say(text, actions) {
      if (!notice) return;
      notice.textContent = text + " ";
      (actions || []).forEach(function (action) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "button button-quiet button-small";
        button.textContent = action.label;
        button.addEventListener("click", action.run);
        notice.appendChild(button);
        notice.appendChild(document.createTextNode(" "));
      });
      notice.hidden = false;
    }

    function discard() {
      store.removeItem(key);
      say("The draft saved on this device is deleted.");
    }

    if (saved && same(saved.fields, onPage) && !sentBack) {
      store.removeItem(key); // the page already holds exactly this: the draft was saved
      saved = null;
    }
    if (saved && hasText(saved.fields) && !sentBack) {
      if (!hasText(onPage)) {
        // A fresh, empty form: bring the words back at once.
        write(form, saved.fields);
        say("We brought back the draft saved on this device.", [
          { label: "Start afresh", run: function () { write(form, onPage); discard(); } }
        ]);
      } else {
        // An edit form already holding the story: offer the unsaved changes, do not impose them.
        say("You have unsent changes saved on this device.", [
          { label: "Bring them back", run: function () { write(form, saved.fields); notice.hidden = true; } },
          { label: "Delete them", run: discard }
        ]);
      }
    } else if (sentBack && hasText(onPage)) {
      store.setItem(key, JSON.stringify({ at: Date.now(), fields: onPage }));
    }

    var timer = null;
    function keep() {
      window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        var now = read(form);
        try {
          if (hasText(now)) store.setItem(key, JSON.stringify({ at: Date.now(), fields: now }));
        } catch (e) {
          // storage full: keep typing, nothing is lost from the page itself
        }
      }, 400);
    }
    form.addEventListener("input", keep);
    form.addEventListener("change", keep);
    // Saved right before sending too, so a 429 or a lost connection cannot take the text.
    form.addEventListener("submit", function () {
      window.clearTimeout(timer);
      var now = read(form);
      try {
        if (hasText(now)) store.setItem(key, JSON.stringify({ at: Date.now(), fields: now }));
      } catch (e) {
        // ignore: the request carries the text anyway
      }
    });
  }

  function setupCounter(counter) {
    var field = document.getElementById(counter.getAttribute("data-counter-for"));
    var max = parseInt(counter.getAttribute("data-counter-max"), 10);
    if (!field || !max) return;
    var describedBy = (field.getAttribute("aria-describedby") || "").split(" ");
    function update() {
      var n = field.value.length;
      var text = n.toLocaleString() + " of " + max.toLocaleString() + " characters";
      if (n > max) {
        text += ": " + (n - max).toLocaleString() + " too many. Nothing is lost; shorten it when you are ready.";
      } else if (n > max * 0.9) {
        text += ", " + (max - n).toLocaleString() + " left.";
      }
      counter.textContent = text;
      counter.classList.toggle("counter-over", n > max);
      // Only near the end does the counter speak up for screen readers.
      if (n > max * 0.9) {
        counter.setAttribute("role", "status");
      } else {
        counter.removeAttribute("role");
      }
    }
    if (describedBy.indexOf(counter.id) === -1) {
      field.setAttribute("aria-describedby", describedBy.concat([counter.id]).join(" ").trim());
    }
    field.addEventListener("input", update);
    update();
  }

  var store = storage();
  if (store) {
    document.querySelectorAll("form[data-draft-key]").forEach(function (form) {
      setupDraft(form, store);
    });
    // The story is saved: its draft has done its work.
    document.querySelectorAll("[data-draft-clear]").forEach(function (el) {
      el.getAttribute("data-draft-clear").split(" ").forEach(function (name) {
        if (name) store.removeItem(PREFIX + name);
      });
    });
  }
  document.querySelectorAll("[data-counter-for]").forEach(setupCounter);

  // The guest's private link: ask before leaving until it is copied, downloaded or confirmed.
  var manage = document.querySelector("[data-manage-link]");
  if (manage) {
    var keptLink = false;
    var mark = function () { keptLink = true; };
    manage.querySelectorAll("[data-manage-saved], [data-copy-target]").forEach(function (el) {
      el.addEventListener("click", mark);
    });
    manage.querySelectorAll(".manage-url").forEach(function (field) {
      field.addEventListener("copy", mark);
      // The whole link at once, so copying by hand cannot miss a character.
      field.addEventListener("focus", function () { field.select(); });
    });
    window.addEventListener("beforeunload", function (event) {
      if (keptLink) return undefined;
      event.preventDefault();
      event.returnValue = "";
      return "";
    });
  }
})();
