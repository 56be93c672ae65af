"""Watching Wagtail's autosave from a browser test, so a test can wait for it to settle.

Wagtail (7.3 and later) autosaves the page editor (``WAGTAIL_AUTOSAVE_INTERVAL``, default
500 ms; 0 turns it off). Its ``w-autosave`` Stimulus controller on the edit form sends the
form as ``fetch(form.action, {Accept: "application/json"})``. On a new page the first
autosave creates the page as a draft; the JSON answer carries the page's edit URL, which the
controller makes the form's ``action`` (and the address bar's, with ``history.replaceState``)
before it dispatches ``w-autosave:success``. Until that answer arrives the form still posts
to the create URL, so a Publish clicked in between tries to create the page a second time.

The controller tells the page about each step with bubbling DOM events:
``w-autosave:save`` (its ``detail.formData`` is exactly what will be sent), then
``w-autosave:success`` or ``w-autosave:error``. What starts an autosave is the form's
``w-unsaved`` controller: every 500 ms it looks for a change and, about half a second after
one, sends ``w-unsaved:add`` if the form differs from its snapshot; the form routes that to
``w-autosave#save``. Each
``w-autosave:success`` makes ``w-unsaved`` take a new snapshot (``w-unsaved:watch-edits``,
``detail.initialFormData``) of the form *as it is then*, not of what the save sent. So an edit
made while a save is on its way, and not yet noticed by ``w-unsaved`` when the answer comes,
is taken into the snapshot and never autosaved (Wagtail 8.0.1; Publish still sends it, as
it sends the whole form). A test cannot wait for "the last save sent what the form holds":
that may never happen. :data:`WATCHER` waits for what Wagtail itself goes by: no save on its
way, the last one answered, and the form equal to ``w-unsaved``'s snapshot, so no autosave
is due either.
"""

import re
import threading
from contextlib import contextmanager
from types import SimpleNamespace
from urllib.parse import urlsplit

from playwright.sync_api import expect
from wagtail import hooks

from tests.browser.conftest import TIMEOUT_MS

#: Records the editor's autosave events in ``window.adviceAutosave``. ``unsaved`` mirrors
#: ``w-unsaved``'s own serialisation of the form (without the bookkeeping fields and the
#: comments, files as name, size and type), so it compares equal with the snapshots that
#: ``w-unsaved:watch-edits`` carries; it also drops ``overwrite_revision_id``, which only the
#: autosave adds to what it sends.
WATCHER = """
(() => {
  const IGNORED = [
    "csrfmiddlewaretoken", "loaded_revision_id", "loaded_revision_created_at", "next",
    "overwrite_revision_id",
  ];
  const unsaved = (formData) => {
    const data = new FormData();
    for (const [name, value] of formData.entries()) data.append(name, value);
    IGNORED.forEach((name) => data.delete(name));
    for (const name of [...data.keys()]) {
      if (name.startsWith("comments-")) data.delete(name);
      else if (data.get(name) instanceof File) {
        const files = data.getAll(name).flatMap(
          (file) => [["name", file.name], ["size", `${file.size}`], ["type", file.type]]
        );
        data.set(name, new URLSearchParams(files).toString());
      }
    }
    return new URLSearchParams(data).toString();
  };
  const form = () => document.getElementById("page-edit-form");
  // ``pending``: what the save on its way sent; ``last``: the last answered save, what it
  // sent and, if it failed, Wagtail's message; ``snapshot``: w-unsaved's latest snapshot.
  const state = { watching: false, pending: null, last: null, snapshot: null };
  // Whether the autosave has settled: "saved" (no save on its way, the last one succeeded,
  // no edit left for w-unsaved to notice), "failed" (the last save failed and sent what the
  // form holds now), or null (not yet).
  state.settled = () => {
    const editor = form();
    if (!editor || state.pending !== null || state.last === null) return null;
    const now = unsaved(new FormData(editor));
    if (state.last.error === null) return state.snapshot === now ? "saved" : null;
    return state.last.content === now ? "failed" : null;
  };
  // ``w-unsaved`` takes its first snapshot of the form two seconds after it connects, and
  // the create form connects it twice; edits made before the last of these snapshots are
  // part of it and never trigger an autosave. Each connect before the first one schedules one.
  let snapshotsDue = 0;
  let snapshotTaken = false;
  document.addEventListener("w-unsaved:ready", () => {
    if (!snapshotTaken) snapshotsDue += 1;
  });
  document.addEventListener("w-unsaved:watch-edits", (event) => {
    state.snapshot = event.detail.initialFormData;
    snapshotTaken = true;
    snapshotsDue = Math.max(0, snapshotsDue - 1);
    state.watching = snapshotsDue === 0;
  });
  document.addEventListener("w-autosave:save", (event) => {
    state.pending = unsaved(event.detail.formData);
  });
  // Wagtail dispatches ``success`` once it has pointed the form at the page's edit URL; the
  // form's own listener takes w-unsaved's new snapshot in the same dispatch, and a save asked
  // for while this one was on its way is sent in the microtasks right after it, so no poll
  // of ``settled()`` runs in between.
  document.addEventListener("w-autosave:success", () => {
    state.last = { content: state.pending, error: null };
    state.pending = null;
  });
  document.addEventListener("w-autosave:error", (event) => {
    state.last = { content: state.pending, error: String(event.detail.text) };
    state.pending = null;
  });
  window.adviceAutosave = state;
})();
"""


def watch_autosave(page):
    """Record the editor's autosave events on every document ``page`` loads from now on."""
    page.add_init_script(WATCHER)


#: The page create and edit views, where the editor form (and so autosave) posts.
EDITOR_PATH = re.compile(r"/admin/pages/(add/\w+/\w+/\d+|\d+/edit)/")


def posts_to_editor(request):
    """Whether ``request`` is a POST to the page create or edit view."""
    return (
        request.method == "POST" and EDITOR_PATH.fullmatch(urlsplit(request.url).path) is not None
    )


def is_autosave(request):
    """Whether ``request`` is an autosave: a POST to the editor's view that asks for JSON.

    The editing-session pings post too, but to their own URL.
    """
    return posts_to_editor(request) and request.headers.get("accept") == "application/json"


def is_form_submit(request):
    """Whether ``request`` is the editor's form itself, sent by a button (Publish, Save draft)."""
    return posts_to_editor(request) and not is_autosave(request)


def wait_for_edits_to_be_watched(page):
    """Wait until Wagtail has its last snapshot of the form, so the next edit is autosaved."""
    page.wait_for_function("() => window.adviceAutosave.watching")


def wait_for_autosave_to_settle(page):
    """Wait until no autosave is on its way or due, and the last one succeeded.

    Waiting on Wagtail's events, not on time: an edit that ``w-unsaved`` has not noticed yet
    still differs from its snapshot, so this cannot return between an edit and its save.
    A failed save of an earlier state (a half-built form) is only a step on the way; a
    failed save of the final state fails the test with Wagtail's message.
    """
    outcome = page.wait_for_function("() => window.adviceAutosave.settled()").json_value()
    error = page.evaluate("() => window.adviceAutosave.last.error")
    assert outcome == "saved", f"the autosave of the finished form failed: {error}"


def expect_autosave_off(page):
    """The edit form has no autosave controller (the header keeps its idle indicator)."""
    form = page.locator("#page-edit-form")
    expect(form).to_have_attribute("data-controller", re.compile(r"\bw-unsaved\b"))
    expect(form).not_to_have_attribute("data-controller", re.compile(r"\bw-autosave\b"))


@contextmanager
def answer_autosaves_late():
    """Make the live server hold its answer to an autosave that created a page.

    Like a slow server: the page is in the database (Wagtail's page views do not wrap it in
    a transaction), but the browser hears nothing until the block ends, so its form still
    posts to the create URL. Yields an object whose ``created`` (a :class:`threading.Event`)
    is set once such an autosave is held. The held request waits at most the browser timeout.
    """
    late = SimpleNamespace(created=threading.Event(), release=threading.Event())

    def hold(request, page):
        if request.headers.get("Accept") == "application/json":  # an autosave, not a form
            late.created.set()
            late.release.wait(TIMEOUT_MS / 1000)

    try:
        with hooks.register_temporarily("after_create_page", hold):
            yield late
    finally:
        late.release.set()
