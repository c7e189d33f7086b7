// Support journeys: behaviours attached by data attributes (no inline scripts: CSP).
(function () {
  "use strict";

  // <button data-print>: open the browser's print dialog (the printable roadmap).
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });

  // Referral form: <select data-target-kind> shows only the fields of the chosen kind
  // (elements with data-for-kind="kind another_kind"); without JavaScript all stay shown.
  function showKindFields(select) {
    var form = select.form;
    if (!form) { return; }
    var kind = select.value;
    form.querySelectorAll("[data-for-kind]").forEach(function (element) {
      var kinds = element.getAttribute("data-for-kind").split(" ");
      element.hidden = kinds.indexOf(kind) === -1;
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("select[data-target-kind]")) {
      showKindFields(event.target);
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("select[data-target-kind]").forEach(showKindFields);
  });
})();
