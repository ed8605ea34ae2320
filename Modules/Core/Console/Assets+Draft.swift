extension Assets {
    /// 离线草稿 — a form inside an element with `data-draft="<name>"` keeps its fields in the browser's localStorage as
    /// they change (never the CSRF token) and gets them back when the page is opened again. Submitted, the draft is
    /// marked pending and the form posts as usual; without a connection (`navigator.onLine` false) it stays on the page
    /// and posts when the browser's `online` event fires, and a pending draft found when the page opens online (a post
    /// that never arrived) is posted again. The form's hidden `_idempotency` key is part of the draft, so a post whose
    /// answer was lost and the post again are recorded once. The answer page clears the draft by an element with
    /// `data-draft-done="<name>"`. The container's `data-draft-offline` and `-restored` attributes hold the messages in
    /// the page's language. Without script the form posts as any other.
    static let draftScript = """
        (function () {
          "use strict";
          if (!window.localStorage) { return; }
          function container(form) { return form.closest("[data-draft]"); }
          function storageKey(name) { return "tonghu-draft:" + name; }
          function keyOf(form) { return storageKey(container(form).getAttribute("data-draft")); }
          function read(form) {
            try { return JSON.parse(localStorage.getItem(keyOf(form)) || "null"); } catch (e) { return null; }
          }
          function save(form, pending) {
            var fields = {};
            for (var i = 0; i < form.elements.length; i++) {
              var field = form.elements[i];
              if (!field.name || field.name === "_csrf" || field.type === "submit") { continue; }
              fields[field.name] = field.type === "checkbox" || field.type === "radio" ? field.checked : field.value;
            }
            try {
              localStorage.setItem(keyOf(form), JSON.stringify({ fields: fields, pending: pending, savedAt: Date.now() }));
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
          function post(form) {
            save(form, true);
            form.submit();
          }
          document.addEventListener("submit", function (event) {
            var form = event.target;
            if (!container(form) || form.dataset.sent) { return; }
            save(form, true);
            if (navigator.onLine === false) {
              event.preventDefault();
              say(form, "offline");
            }
          }, true);
          function edited(event) {
            var form = event.target.form;
            if (form && container(form)) { save(form, false); }
          }
          document.addEventListener("input", edited);
          document.addEventListener("change", edited);
          var forms = document.querySelectorAll("[data-draft] form");
          window.addEventListener("online", function () {
            for (var i = 0; i < forms.length; i++) {
              var draft = read(forms[i]);
              if (draft && draft.pending) { post(forms[i]); }
            }
          });
          var done = document.querySelectorAll("[data-draft-done]");
          for (var d = 0; d < done.length; d++) { localStorage.removeItem(storageKey(done[d].getAttribute("data-draft-done"))); }
          for (var i = 0; i < forms.length; i++) {
            var draft = read(forms[i]);
            if (!draft) { continue; }
            restore(forms[i], draft);
            say(forms[i], "restored");
            if (draft.pending && navigator.onLine !== false) { post(forms[i]); }
          }
        })();
        """
}
