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
})();
