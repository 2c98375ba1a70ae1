/* Member form: typing a NIK fills sex and birth date as the NIK states them (digits 7-12:
 * day, month, two-digit year; a woman's day is the day + 40). The century is the one that keeps
 * the date from being in the future, as the server's check does (linmas/nik.py), which still
 * validates everything. A value the user chose by hand (or that the page came back with) is
 * never overwritten. Without this script the form works the same, only without the help. */
(function () {
  "use strict";
  var form = document.getElementById("member-form");
  if (!form) {
    return;
  }
  var nik = form.querySelector("[name=nik]");
  var sex = form.querySelector("[name=sex]");
  var born = form.querySelector("[name=birth_date]");
  var status = document.getElementById("nik-fill-status");
  if (!nik || nik.disabled || !sex || !born) {
    return;
  }
  // A field is the user's once it holds a value we did not put there.
  var ours = { sex: "", born: "" };
  var manual = { sex: sex.value !== "", born: born.value !== "" };
  sex.addEventListener("change", function () { manual.sex = sex.value !== ours.sex; });
  born.addEventListener("input", function () { manual.born = born.value !== ours.born; });
  born.addEventListener("change", function () { manual.born = born.value !== ours.born; });

  function pad(n) {
    return (n < 10 ? "0" : "") + n;
  }

  function stated(digits) {
    var day = parseInt(digits.slice(6, 8), 10);
    var month = parseInt(digits.slice(8, 10), 10);
    var year = parseInt(digits.slice(10, 12), 10);
    var female = day > 40;
    if (female) {
      day -= 40;
    }
    var today = new Date();
    var century = 2000 + year <= today.getFullYear() ? 2000 : 1900;
    var full = century + year;
    var date = new Date(full, month - 1, day);
    if (date > today) {
      full -= 100;
      date = new Date(full, month - 1, day);
    }
    if (date.getFullYear() !== full || date.getMonth() !== month - 1 || date.getDate() !== day) {
      return null;
    }
    return { sex: female ? "P" : "L", born: full + "-" + pad(month) + "-" + pad(day) };
  }

  function fill() {
    var digits = nik.value.replace(/[\s.\-]/g, "");
    if (!/^\d{16}$/.test(digits)) {
      return;
    }
    var facts = stated(digits);
    if (!facts) {
      return;
    }
    var changed = false;
    if (!manual.sex && sex.value !== facts.sex) {
      sex.value = facts.sex;
      ours.sex = facts.sex;
      changed = true;
    }
    if (!manual.born && born.value !== facts.born) {
      born.value = facts.born;
      ours.born = facts.born;
      changed = true;
    }
    if (changed && status) {
      status.textContent = status.dataset.text || "";
    }
  }

  nik.addEventListener("input", fill);
  nik.addEventListener("change", fill);
})();
