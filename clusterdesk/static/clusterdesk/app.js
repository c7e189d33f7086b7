// clusterdesk behaviours, attached by data attributes (no inline scripts: CSP).
(function () {
  "use strict";

  // <select data-autosubmit>: submit its form when the choice changes (language switcher).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("select[data-autosubmit]")) {
      target.form.submit();
    }
  });

  // <form data-confirm="question">: ask before submitting (deletions).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    var question = form.getAttribute && form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) {
      event.preventDefault();
    }
  }, true);

  // NACE lookup results: clicking one appends its code to the NACE codes field.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-nace-code]");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-nace-target"));
    if (!input) { return; }
    var code = button.getAttribute("data-nace-code");
    var codes = input.value.split(/[\s,;]+/).filter(Boolean);
    if (codes.indexOf(code) === -1) { codes.push(code); }
    input.value = codes.join(", ");
    input.dispatchEvent(new Event("change", { bubbles: true }));
    button.classList.add("active");
  });

  // Header search box ([data-search-box]): htmx fills [data-search-suggestions] as the user
  // types; ArrowDown/ArrowUp move through the suggestions, Escape closes them, Enter on the
  // input opens the full results page (the form's own submit).
  function searchBox(element) {
    var form = element && element.closest && element.closest("[data-search-box]");
    if (!form) { return null; }
    return {
      form: form,
      input: form.querySelector("input[name=q]"),
      menu: form.querySelector("[data-search-suggestions]")
    };
  }

  function showSuggestions(box, open) {
    box.menu.classList.toggle("show", open);
    box.input.setAttribute("aria-expanded", open ? "true" : "false");
  }

  document.addEventListener("htmx:afterSwap", function (event) {
    var box = searchBox(event.target);
    if (!box || event.target !== box.menu) { return; }
    showSuggestions(box, box.menu.children.length > 0 && box.input.value.trim() !== "");
  });

  document.addEventListener("keydown", function (event) {
    var box = searchBox(event.target);
    if (!box) { return; }
    var open = box.menu.classList.contains("show");
    if (event.key === "Escape" && open) {
      event.preventDefault();
      box.input.focus();
      showSuggestions(box, false);
      return;
    }
    if (event.key !== "ArrowDown" && event.key !== "ArrowUp") { return; }
    var options = Array.prototype.slice.call(box.menu.querySelectorAll("[role=option]"));
    if (!options.length) { return; }
    event.preventDefault();
    if (!open) { showSuggestions(box, true); }
    var next = options.indexOf(document.activeElement) + (event.key === "ArrowDown" ? 1 : -1);
    if (next < 0) { box.input.focus(); return; }
    options[Math.min(next, options.length - 1)].focus();
  });

  document.addEventListener("focusout", function (event) {
    var box = searchBox(event.target);
    if (box && !(event.relatedTarget && box.form.contains(event.relatedTarget))) {
      showSuggestions(box, false);
    }
  });

  document.addEventListener("focusin", function (event) {
    var box = searchBox(event.target);
    if (box && event.target === box.input && box.menu.children.length && box.input.value.trim()) {
      showSuggestions(box, true);
    }
  });

  // <button data-copy="input-id">: copy that input's value (a new API token) to the clipboard.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-copy]");
    if (!button) { return; }
    var input = document.getElementById(button.getAttribute("data-copy"));
    if (!input) { return; }
    input.select();
    var done = function () { button.textContent = button.getAttribute("data-copied-text") || "✓"; };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done);
    } else if (document.execCommand("copy")) {
      done();
    }
  });
})();
