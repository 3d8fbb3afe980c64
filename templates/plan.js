/* Tick boxes, progress bar and progress export for a curriculum plan.
 * Reads the plan from the JSON block #plan-data; keeps the ticked session ids in
 * localStorage under "curriculum:progress:<plan_key>"; never touches the network.
 * The exported file's format is documented in docs/outputs.md ("Progress file"). */
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("plan-data").textContent);
  var storageKey = "curriculum:progress:" + data.plan_key;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("input.tick[data-session]"));
  var bar = document.getElementById("progress-bar");
  var text = document.getElementById("progress-text");
  var note = document.getElementById("storage-note");
  var sessions = {};
  data.sessions.forEach(function (s) { sessions[s.id] = s; });

  /* A huge plan's data is compact: pieces as [unit, chapter, minutes, part, parts], their titles
   * on the page (each chapter an <li>, its label then its hours), the summary's books as lists
   * of values. Made what any other plan's are before chapters are counted or exported. */
  function expand() {
    if (data.summary.book_keys) {
      var keys = data.summary.book_keys;
      data.summary.books = data.summary.books.map(function (values) {
        var book = {};
        keys.forEach(function (key, i) { book[key] = values[i]; });
        return book;
      });
      delete data.summary.book_keys;
    }
    var items = null;
    data.sessions.forEach(function (s) {
      if (!s.pieces.length || !Array.isArray(s.pieces[0])) { return; }
      if (items === null) {
        items = {};
        boxes.forEach(function (b) { items[b.dataset.session] = b.closest(".session").querySelectorAll("li"); });
      }
      var lis = items[s.id];
      s.pieces = s.pieces.map(function (p, i) {
        var label = lis[i].firstChild.nodeValue.slice(0, -1);
        var prefix = p[1] === null ? null : p[1] + ". ";
        var title = prefix !== null && label.indexOf(prefix) === 0 ? label.slice(prefix.length) : label;
        return {chapter: p[1], day: s.day, minutes: p[2], part: p[3], parts: p[4], title: title, unit: p[0]};
      });
    });
  }

  function hours(minutes) {
    return (Math.round(minutes / 60 * 100) / 100) + " h";
  }

  function load() {
    try {
      var saved = JSON.parse(window.localStorage.getItem(storageKey) || "[]");
      return Array.isArray(saved) ? saved : [];
    } catch (e) {
      note.hidden = false;
      return [];
    }
  }

  function save(ids) {
    try {
      window.localStorage.setItem(storageKey, JSON.stringify(ids));
    } catch (e) {
      note.hidden = false;
    }
  }

  function ticked() {
    return boxes.filter(function (b) { return b.checked; }).map(function (b) { return b.dataset.session; });
  }

  function update() {
    var done = 0;
    boxes.forEach(function (b) {
      if (b.checked) { done += sessions[b.dataset.session].minutes; }
      b.closest(".session").classList.toggle("done", b.checked);
    });
    bar.value = done;
    var percent = data.total_minutes ? Math.round(done / data.total_minutes * 100) : 100;
    bar.textContent = percent + "%";
    text.textContent = hours(done) + " of " + hours(data.total_minutes) + " read (" + percent + "%)";
  }

  /* Chapters whose every piece in the plan is in a ticked session are done; others with
   * some ticked pieces are partly done, with the minutes read. */
  function chapters(ids) {
    expand();
    var chosen = {};
    ids.forEach(function (id) { chosen[id] = true; });
    var byUnit = {};
    var order = [];
    data.sessions.forEach(function (s) {
      s.pieces.forEach(function (p) {
        var key = s.book + "\u0000" + p.unit;
        if (!byUnit[key]) {
          byUnit[key] = {book: s.book, chapter: p.chapter, title: p.title, pieces: 0, read: 0, minutes: 0};
          order.push(key);
        }
        byUnit[key].pieces += 1;
        if (chosen[s.id]) { byUnit[key].read += 1; byUnit[key].minutes += p.minutes; }
      });
    });
    var done = [];
    var partial = [];
    order.forEach(function (key) {
      var c = byUnit[key];
      if (c.read === c.pieces) {
        done.push({book: c.book, chapter: c.chapter, title: c.title});
      } else if (c.read > 0) {
        partial.push({book: c.book, chapter: c.chapter, title: c.title, parts_read: c.read, parts: c.pieces,
                      minutes_read: c.minutes});
      }
    });
    return {done: done, partial: partial};
  }

  function exportProgress() {
    expand();
    var ids = ticked();
    var found = chapters(ids);
    var progress = {
      format: "curriculum-progress",
      version: 2,
      plan_key: data.plan_key,
      goals: data.goals,
      hours_per_week: data.hours_per_week,
      start: data.start,
      mentee: data.mentee,
      exported: new Date().toISOString(),
      done: found.done,
      partial: found.partial,
      sessions: ids,
      plan: {
        arguments: data.arguments,
        catalog: data.catalog,
        weeks: data.weeks,
        sessions: data.sessions,
        summary: data.summary,
        calendar: data.calendar
      }
    };
    var blob = new Blob([JSON.stringify(progress, null, 2) + "\n"], {type: "application/json"});
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = data.file_stem + "-progress.json";
    document.body.appendChild(link);
    link.click();
    document.body.removeChild(link);
    window.setTimeout(function () { URL.revokeObjectURL(link.href); }, 1000);
  }

  var saved = {};
  load().forEach(function (id) { saved[id] = true; });
  /* Sessions a continued plan knows were read start ticked. */
  boxes.forEach(function (b) {
    b.checked = saved[b.dataset.session] === true || sessions[b.dataset.session].done === true;
    b.addEventListener("change", function () { save(ticked()); update(); });
  });
  document.getElementById("export-progress").addEventListener("click", exportProgress);
  update();
}());
