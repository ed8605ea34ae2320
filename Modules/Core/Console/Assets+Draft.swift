extension Assets {
    /// 离线草稿 — a form inside an element with `data-draft="<name>"` keeps its fields in the browser's localStorage as
    /// they change (never the CSRF token) and gets them back when the page is opened again. It is sent by `fetch`, so a
    /// failed send (no connection, or `navigator.onLine` false) keeps the draft, marked pending, and sends it again when
    /// the browser's `online` event fires or the page is next opened online. The form's hidden `_idempotency` key is
    /// part of the draft, so a send whose answer was lost and the send again are recorded once. A 2xx answer clears the
    /// draft; any answer replaces the page's `<main>`. The container's `data-draft-offline`, `-restored` and `-sending`
    /// attributes hold the messages in the page's language. Without script the form posts as any other.
    static let draftScript = """
        (function () {
          "use strict";
          if (!window.fetch || !window.localStorage || !window.URLSearchParams) { return; }
          function container(form) { return form.closest("[data-draft]"); }
          function storageKey(form) { return "tonghu-draft:" + container(form).getAttribute("data-draft"); }
          function read(form) {
            try { return JSON.parse(localStorage.getItem(storageKey(form)) || "null"); } catch (e) { return null; }
          }
          function save(form, pending) {
            var fields = {};
            for (var i = 0; i < form.elements.length; i++) {
              var field = form.elements[i];
              if (!field.name || field.name === "_csrf" || field.type === "submit") { continue; }
              fields[field.name] = field.type === "checkbox" || field.type === "radio" ? field.checked : field.value;
            }
            try {
              localStorage.setItem(storageKey(form), JSON.stringify({ fields: fields, pending: pending, savedAt: Date.now() }));
            } catch (e) { /* storage full or refused: the form still posts */ }
          }
          function restore(form, draft) {
            for (var i = 0; i < form.elements.length; i++) {
              var field = form.elements[i];
              if (!field.name || field.name === "_csrf" || !(field.name in draft.fields)) { continue; }
              if (field.type === "checkbox" || field.type === "radio") { field.checked = draft.fields[field.name] === true; }
              else { field.value = draft.fields[field.name]; }
            }
          }
          function say(form, message) {
            var box = container(form).querySelector(".draft-status");
            if (!box) {
              box = document.createElement("p");
              box.className = "banner draft-status";
              box.setAttribute("role", "status");
              container(form).insertBefore(box, container(form).firstChild);
            }
            box.textContent = container(form).getAttribute("data-draft-" + message) || "";
          }
          function show(form, response, html) {
            var key = storageKey(form);
            if (response.ok) { localStorage.removeItem(key); }
            var page = new DOMParser().parseFromString(html, "text/html");
            var main = document.querySelector("main"), next = page.querySelector("main");
            if (!main || !next) { location.reload(); return; }
            main.innerHTML = next.innerHTML;
            document.title = page.title;
            var again = document.querySelector("[data-draft] form");
            if (!response.ok && again) { save(again, false); }
          }
          function send(form) {
            save(form, true);
            if (!navigator.onLine) { say(form, "offline"); return; }
            say(form, "sending");
            fetch(form.action, {
              method: "POST", body: new URLSearchParams(new FormData(form)), credentials: "same-origin",
              headers: { "Accept": "text/html" }
            }).then(function (response) {
              return response.text().then(function (html) { show(form, response, html); });
            }, function () { say(form, "offline"); });
          }
          document.addEventListener("submit", function (event) {
            var form = event.target;
            if (!container(form) || form.dataset.sent) { return; }
            event.preventDefault();
            send(form);
          }, true);
          document.addEventListener("input", function (event) {
            var form = event.target.form;
            if (form && container(form)) { save(form, false); }
          });
          document.addEventListener("change", function (event) {
            var form = event.target.form;
            if (form && container(form)) { save(form, false); }
          });
          function pending() {
            var forms = document.querySelectorAll("[data-draft] form"), found = [];
            for (var i = 0; i < forms.length; i++) {
              var draft = read(forms[i]);
              if (draft && draft.pending) { found.push(forms[i]); }
            }
            return found;
          }
          window.addEventListener("online", function () { pending().forEach(send); });
          var forms = document.querySelectorAll("[data-draft] form");
          for (var i = 0; i < forms.length; i++) {
            var draft = read(forms[i]);
            if (!draft) { continue; }
            restore(forms[i], draft);
            say(forms[i], "restored");
            if (draft.pending && navigator.onLine) { send(forms[i]); }
          }
        })();
        """
}
