"""The cache holds code (compiled templates) and trusted data (parsed catalogs), so nothing in it
is used unless no one else can have put it there, checked and read as one thing.

Each kind of attack comes with a control: the same entry where it would be trusted (a folder of
the victim's own) is used, so a test that passes shows the check, not a payload that misses.
"""

from __future__ import annotations

import marshal
import os
import pwd
import signal
import stat
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import jinja2
import pytest
import yaml

import curriculum
from curriculum.catalog import cache, compiled, load_catalog, yamlcache, yamlio
from curriculum.present import html as html_module
from curriculum.present.view import build_view
from tests.conftest import plan_of
from tests.test_yamlcache import BOOKS, GOALS, PREREQS

ATTACKER = "curriculum-attacker"
PLANTED = "Planted By Attacker"
PRIVATE = (0o700, 0o600)
"""Modes of folders and entries a victim trusts."""

PADDING = "".join(f"# padding {i:05d} {'x' * 80}\n" for i in range(3200))
"""Makes books.yaml larger than yamlcache.MIN_BYTES, so it is cached under the default limits."""


# --- fixtures and helpers ----------------------------------------------------------------------


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A fresh cache home, and templates compiled with it."""
    home = tmp_path / "xdg"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    monkeypatch.delenv("CURRICULUM_NO_CACHE", raising=False)
    # The parsed files' entries are under test: no load is answered whole by a kept catalog
    # (catalog.compiled, tested in test_compiled_cache.py).
    monkeypatch.setattr(compiled, "MIN_BYTES", 1 << 62)
    html_module._environment.cache_clear()
    yield home
    html_module._environment.cache_clear()


@pytest.fixture
def parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The names of the catalog files actually parsed (not read from the cache)."""
    seen: list[str] = []
    original = yamlio.parse_yaml

    def counting(raw: bytes, name: str, **how: bool) -> yamlio.YamlDoc:
        seen.append(Path(name).name)
        return original(raw, name, **how)

    monkeypatch.setattr(yamlio, "parse_yaml", counting)
    return seen


@pytest.fixture
def catalog(tmp_path: Path) -> Path:
    """A catalog whose books.yaml is cached (large enough) and whose plan names both books."""
    folder = tmp_path / "catalog"
    folder.mkdir()
    (folder / "books.yaml").write_text(BOOKS + PADDING, encoding="utf-8")
    (folder / "prereqs.yaml").write_text(PREREQS, encoding="utf-8")
    (folder / "goals.yaml").write_text(GOALS, encoding="utf-8")
    return folder


def cache_path(kind: str = "test") -> Path:
    path = cache.folder(kind, "shaped by nothing")
    assert path is not None
    return path


def private_entry(folder: Path, name: str, payload: bytes) -> Path:
    """``payload`` as a well-formed entry ``name`` in ``folder``, as if cached by us (the folder and
    the ``curriculum`` folder above it made private if missing)."""
    for made in (folder.parent, folder):
        made.mkdir(mode=0o700, parents=True, exist_ok=True)
    entry = folder / name
    entry.write_bytes(cache.encode(name, payload))
    entry.chmod(0o600)
    return entry


def readable(entry: Path) -> bool:
    """``entry`` is a well-formed entry of a folder that can be trusted."""
    with cache.opened(entry.parent) as folder:
        return folder is not None and folder.read(entry.name) is not None


def header_size() -> int:
    return len(cache.encode("x", b""))


def hostile_template_entry(marker: Path) -> tuple[str, bytes]:
    """The plan template's cache entry (its name and bytes, keyed as the real cache keys it): real
    compiled code of plan.html.j2 that also creates ``marker`` when loaded."""
    environment = html_module._environment()
    bcc = environment.bytecode_cache
    assert bcc is not None and environment.loader is not None
    source, filename, _ = environment.loader.get_source(environment, "plan.html.j2")
    python = environment.compile(source, "plan.html.j2", filename, raw=True)
    code = compile(f"__import__('pathlib').Path({str(marker)!r}).touch()\n{python}", filename or "", "exec")
    bucket = jinja2.bccache.Bucket(environment, bcc.get_cache_key("plan.html.j2", filename), "")
    bucket.checksum = bcc.get_source_checksum(source)
    bucket.code = code
    name = html_module.entry_name(bucket.key)
    return name, cache.encode(name, bucket.bytecode_to_string())


def hostile_yaml_entry(books: Path) -> tuple[str, bytes]:
    """The cache entry of ``books`` (its name and bytes, keyed as the real cache keys it) with a
    title of the attacker's in place of the first book's."""
    entry = yamlcache.entry_for(books.read_bytes())
    assert entry is not None
    data = yaml.safe_load(books.read_text(encoding="utf-8"))
    data["books"][0]["title"] = PLANTED
    return entry.name, cache.encode(entry.name, marshal.dumps(data, 4))


def hostile_tree(catalog: Path, marker: Path) -> dict[str, bytes]:
    """``<kind folder>/<entry>``: bytes of the two entries an attacker would plant."""
    templates, yamls = html_module.cache_folder(), cache.folder("yaml", yamlcache._shaped_by())
    assert templates is not None and yamls is not None
    template_name, template_bytes = hostile_template_entry(marker)
    yaml_name, yaml_bytes = hostile_yaml_entry(catalog / "books.yaml")
    return {f"{templates.name}/{template_name}": template_bytes, f"{yamls.name}/{yaml_name}": yaml_bytes}


def snapshot(base: Path) -> dict[str, tuple[Any, ...]]:
    """Everything under ``base`` (links not followed): owner, mode, time, contents."""
    seen: dict[str, tuple[Any, ...]] = {}
    for top, dirs, files in os.walk(base):
        for name in dirs + files:
            path = Path(top, name)
            info = path.lstat()
            content = (
                path.read_bytes() if stat.S_ISREG(info.st_mode) else os.readlink(path) if path.is_symlink() else b""
            )
            seen[str(path.relative_to(base))] = (info.st_uid, info.st_mode, info.st_mtime_ns, content)
    return seen


def run_plan(xdg: Path, catalog: Path, out: Path, *, no_cache: bool = False) -> str:
    """The real CLI, as this (the victim's) user: ``curriculum plan --format html``; the page."""
    env = {k: v for k, v in os.environ.items() if k not in ("CURRICULUM_NO_CACHE", "SOURCE_DATE_EPOCH")}
    env.update(XDG_CACHE_HOME=str(xdg), PYTHONPATH=str(Path(curriculum.__file__).parents[1]))
    if no_cache:
        env["CURRICULUM_NO_CACHE"] = "1"
    command = ["plan", "--goal", "g", "--hours", "5", "--start", "2027-01-04", "--catalog", str(catalog)]
    done = subprocess.run(
        [sys.executable, "-m", "curriculum", *command, "--format", "html", "--out", str(out)],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    [page] = out.glob("*.html")
    return page.read_text(encoding="utf-8")


# --- two real users ----------------------------------------------------------------------------


def _need(condition: bool, reason: str) -> None:
    """Skip without ``condition``, except in CI, where these tests must run: there it fails."""
    if condition:
        return
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; CI must run the cache security tests as root")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def attacker() -> pwd.struct_passwd:
    """A second, real user of this machine (a system user made for the tests if missing)."""
    _need(os.geteuid() == 0, "needs root: a second system user plays the attacker")
    try:
        return pwd.getpwnam(ATTACKER)
    except KeyError:
        pass
    try:
        made = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", ATTACKER]
        subprocess.run(made, check=True, capture_output=True)
    except (OSError, subprocess.CalledProcessError) as exc:
        _need(False, f"cannot make the user {ATTACKER}: {exc}")
    return pwd.getpwnam(ATTACKER)


def plant(base: Path, tree: dict[str, bytes], *, dirs: int, files: int, link: bool, user: Any = None) -> None:
    """Put ``curriculum/<tree>`` in ``base``, as ``user`` (a pwd entry) when given: the process
    becomes that user before touching anything, so what it makes is that user's."""
    top = "decoy" if link else "curriculum"

    def make() -> None:
        if user is not None:
            os.setgroups([])
            os.setgid(user.pw_gid)
            os.setuid(user.pw_uid)
        os.umask(0)
        os.mkdir(top, dirs)
        for relative, content in tree.items():
            sub, name = relative.split("/")
            if not os.path.isdir(f"{top}/{sub}"):
                os.mkdir(f"{top}/{sub}", dirs)
            with open(os.open(f"{top}/{sub}/{name}", os.O_WRONLY | os.O_CREAT | os.O_EXCL, files), "wb") as out:
                out.write(content)
        if link:
            os.symlink(top, "curriculum")

    # The attacker needs no path to ``base``: like anyone in /tmp, it works inside the shared folder.
    done = subprocess.run(["id", "-u"], cwd=base, preexec_fn=make, capture_output=True, text=True, check=True)
    assert done.stdout.strip() == str(os.getuid() if user is None else user.pw_uid)


ATTACKS = {
    "the attacker's folders, open to all": {"dirs": 0o777, "files": 0o666, "link": False},
    "the attacker's folders, private to the attacker": {"dirs": 0o700, "files": 0o600, "link": False},
    "a link to the attacker's folders": {"dirs": 0o700, "files": 0o600, "link": True},
}


@pytest.fixture
def shared(tmp_path: Path, catalog: Path, home: Path) -> tuple[Path, dict[str, bytes], Path]:
    """A world-writable cache home with the sticky bit (like /tmp), the entries to plant in it
    (keyed with the victim's real keys), and the file their code creates when run."""
    base = tmp_path / "shared"
    base.mkdir()
    base.chmod(0o1777)
    marker = tmp_path / "marker"
    tree = hostile_tree(catalog, marker)  # made in ``home``, the victim's own: nothing in ``base`` yet
    assert list(base.iterdir()) == []
    return base, tree, marker


@pytest.mark.parametrize("attack", ATTACKS)
def test_another_user_cannot_get_code_or_data_into_the_cache(attacker, shared, catalog, tmp_path, attack):
    base, tree, marker = shared
    plant(base, tree, **ATTACKS[attack], user=attacker)
    assert (base / "curriculum").lstat().st_uid == attacker.pw_uid
    before = snapshot(base)
    expected = run_plan(tmp_path / "unused", catalog, tmp_path / "reference", no_cache=True)
    page = run_plan(base, catalog, tmp_path / "out")
    assert not marker.exists(), "the victim ran the attacker's compiled template"
    assert PLANTED not in page, "the victim read the attacker's catalog data"
    assert page == expected and "Book A" in page and "Book B" in page
    assert snapshot(base) == before, "the victim used the attacker's folders"


def test_control_the_planted_entries_run_when_they_are_the_victims_own(shared, catalog, tmp_path):
    """Without this, the test above could pass with entries that miss (a wrong key, a bad format)."""
    base, tree, marker = shared
    plant(base, tree, dirs=PRIVATE[0], files=PRIVATE[1], link=False)
    page = run_plan(base, catalog, tmp_path / "out")
    assert marker.exists()
    assert PLANTED in page


def test_a_folder_above_the_cache_owned_by_another_user_means_no_cache(attacker, tmp_path, monkeypatch):
    theirs = tmp_path / "theirs"
    theirs.mkdir(mode=0o755)
    os.chown(theirs, attacker.pw_uid, attacker.pw_gid)
    monkeypatch.setenv("XDG_CACHE_HOME", str(theirs / "xdg"))
    with cache.opened(cache_path()) as folder:
        assert folder is None
    assert not (theirs / "xdg").exists()


def test_an_entry_of_another_user_is_not_read(attacker, home):
    entry = private_entry(cache_path(), "entry", b"theirs")
    os.chown(entry, attacker.pw_uid, attacker.pw_gid)
    with cache.opened(entry.parent) as folder:
        assert folder is not None and folder.read("entry") is None
        os.chown(entry, os.getuid(), os.getgid())  # control
        assert folder.read("entry") == b"theirs"


# --- a folder swapped between the check and the read -------------------------------------------


def swap(moved: Path, folder: Path, name: str, payload: bytes) -> None:
    """Rename ``moved`` (``folder`` or a folder above it) away and put a folder holding entry
    ``name`` at ``folder``: the strongest case, a folder that passes every check (ours,
    private), so only checking and reading the same folder keeps it out."""
    moved.rename(moved.with_name(moved.name + "-away"))
    private_entry(folder, name, payload)


@pytest.mark.parametrize("level", [0, 1], ids=["the cache folder", "the curriculum folder"])
def test_a_folder_swapped_after_its_check_is_not_read(home, level):
    path = cache_path()
    private_entry(path, "entry", b"ours")
    with cache.opened(path) as folder:
        assert folder is not None
        swap(path.parent if level else path, path, "entry", b"hostile")
        assert folder.read("entry") == b"ours"
        assert folder.write("written", b"ours")  # writes go to the checked folder too
    assert not (path / "written").exists()
    with cache.opened(path) as folder:  # control: a fresh check finds the new folder, and reads it
        assert folder is not None and folder.read("entry") == b"hostile"


@pytest.fixture
def swapped_before_reads(monkeypatch: pytest.MonkeyPatch) -> Callable[[Path, str, bytes], None]:
    """Arrange for a cache folder to be swapped (see :func:`swap`) between its check and the next
    read of an entry."""

    def arrange(folder: Path, name: str, payload: bytes) -> None:
        read = cache.Folder.read

        def swap_then_read(self: cache.Folder, entry: str, **options: bool) -> bytes | None:
            monkeypatch.setattr(cache.Folder, "read", read)
            swap(folder, folder, name, payload)
            return read(self, entry, **options)

        monkeypatch.setattr(cache.Folder, "read", swap_then_read)

    return arrange


def test_a_yaml_entry_swapped_after_the_check_is_not_read(home, catalog, swapped_before_reads):
    load_catalog(catalog)
    entry = yamlcache.entry_for((catalog / "books.yaml").read_bytes())
    assert entry is not None and entry.exists()
    name, hostile = hostile_yaml_entry(catalog / "books.yaml")
    swapped_before_reads(entry.parent, name, hostile[header_size() :])
    data = yamlcache.load(entry)
    assert data is not yamlcache.MISSING and data["books"][0]["title"] == "Book A"
    assert yamlcache.load(entry)["books"][0]["title"] == PLANTED  # control: a fresh check finds the new folder


def test_a_template_entry_swapped_after_the_check_is_not_run(home, bundled, tmp_path, swapped_before_reads):
    view = build_view(plan_of(bundled, "swe-system-design"), mentee=None, command="curriculum plan")
    first = html_module.render_html(view, file_stem="x")
    marker = tmp_path / "marker"
    name, hostile = hostile_template_entry(marker)
    folder = html_module.cache_folder()
    assert folder is not None and (folder / name).exists()
    swapped_before_reads(folder, name, hostile[header_size() :])
    html_module._environment.cache_clear()
    assert html_module.render_html(view, file_stem="x") == first
    assert not marker.exists()
    html_module._environment.cache_clear()  # control: a fresh check finds the new folder, and runs it
    html_module.render_html(view, file_stem="x")
    assert marker.exists()


# --- folders and entries that are not to be trusted --------------------------------------------


@pytest.mark.parametrize("mode", [0o777, 0o775, 0o757, 0o730], ids=oct)
def test_a_folder_above_the_cache_others_may_write_means_no_cache(tmp_path, monkeypatch, catalog, parses, mode):
    above = tmp_path / "above"
    above.mkdir()
    above.chmod(mode)
    monkeypatch.setenv("XDG_CACHE_HOME", str(above / "xdg"))
    html_module._environment.cache_clear()
    assert html_module.template_cache() is None
    with cache.opened(cache_path()) as folder:
        assert folder is None
    for _ in range(2):
        assert load_catalog(catalog).books["a"].book.title == "Book A"
    assert parses.count("books.yaml") == 2
    assert not (above / "xdg").exists()


def test_control_a_folder_above_open_to_all_with_the_sticky_bit_is_fine(tmp_path, monkeypatch, catalog, parses):
    """As /tmp: others may make names in it, not rename or remove ours."""
    above = tmp_path / "above"
    above.mkdir()
    above.chmod(0o1777)
    monkeypatch.setenv("XDG_CACHE_HOME", str(above / "xdg"))
    for _ in range(2):
        load_catalog(catalog)
    assert parses.count("books.yaml") == 1


@pytest.mark.parametrize("mode", [0o750, 0o705, 0o710, 0o701], ids=oct)
def test_a_cache_folder_open_to_anyone_else_is_not_used(home, mode):
    path = cache_path()
    private_entry(path, "entry", b"ours")
    path.chmod(mode)
    with cache.opened(path) as folder:
        assert folder is None
    path.chmod(0o700)
    path.parent.chmod(mode)
    with cache.opened(path) as folder:
        assert folder is None


@pytest.mark.parametrize("where", ["the cache home", "curriculum", "the cache folder", "a folder above"])
def test_a_link_on_the_way_means_no_cache(home, tmp_path, monkeypatch, where):
    """Conservative: a link anywhere, even to a folder that would pass, means no cache."""
    path = cache_path()
    private_entry(path, "entry", b"ours")
    linked = {"the cache home": home, "curriculum": path.parent, "the cache folder": path}.get(where, tmp_path)
    if where == "a folder above":
        monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "link" / "xdg"))
        (tmp_path / "link").symlink_to(tmp_path)
        path = cache_path()
    else:
        linked.rename(linked.with_name("real"))
        linked.symlink_to(linked.with_name("real"))
    with cache.opened(path) as folder:
        assert folder is None


def entry_attack(folder: Path, kind: str) -> None:
    """Make ``folder/entry`` something not to be trusted."""
    entry = folder / "entry"
    if kind == "a link to a good entry":
        entry.symlink_to(private_entry(folder.with_name("elsewhere"), "entry", b"hostile"))
    elif kind == "a second link of a good entry":
        os.link(private_entry(folder.with_name("elsewhere"), "entry", b"hostile"), entry)
    elif kind == "writable by others":
        private_entry(folder, "entry", b"hostile").chmod(0o666)
    elif kind == "writable by the group":
        private_entry(folder, "entry", b"hostile").chmod(0o620)
    elif kind == "a pipe":
        os.mkfifo(entry, 0o600)
    elif kind == "a folder":
        entry.mkdir(mode=0o700)


ENTRY_ATTACKS = [
    "a link to a good entry",
    "a second link of a good entry",
    "writable by others",
    "writable by the group",
    "a pipe",
    "a folder",
]


@pytest.mark.parametrize("kind", ENTRY_ATTACKS)
def test_an_entry_not_to_be_trusted_is_not_read_and_is_replaced(home, kind):
    path = cache_path()
    path.mkdir(mode=0o700, parents=True)
    path.parent.chmod(0o700)
    entry_attack(path, kind)
    with cache.opened(path) as folder:
        assert folder is not None
        assert folder.read("entry") is None
        if kind != "a folder":  # a folder cannot be replaced by a file
            assert folder.write("entry", b"ours") and folder.read("entry") == b"ours"


def test_control_an_entry_readable_by_others_is_read(home):
    entry = private_entry(cache_path(), "entry", b"ours")
    entry.chmod(0o644)
    with cache.opened(entry.parent) as folder:
        assert folder is not None and folder.read("entry") == b"ours"


def test_an_entry_others_may_write_is_parsed_again_and_replaced(home, catalog, parses):
    load_catalog(catalog)
    entry = yamlcache.entry_for((catalog / "books.yaml").read_bytes())
    assert entry is not None
    entry.chmod(0o666)
    parses.clear()
    load_catalog(catalog)
    assert parses.count("books.yaml") == 1
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    parses.clear()
    load_catalog(catalog)
    assert parses.count("books.yaml") == 0


def test_without_xdg_cache_home_the_systems_cache_folder_is_used(home, monkeypatch, tmp_path):
    """platformdirs names the system's folder for a user's caches; an absolute XDG_CACHE_HOME comes
    first, and a relative one is ignored, as the XDG specification says."""
    import platformdirs

    system = tmp_path / "system-caches"
    monkeypatch.setattr(platformdirs, "user_cache_dir", lambda app, appauthor=None: str(system / app))
    for xdg in (None, "relative/cache"):
        if xdg is None:
            monkeypatch.delenv("XDG_CACHE_HOME")
        else:
            monkeypatch.setenv("XDG_CACHE_HOME", xdg)
        folder = cache.folder("yaml", "shaped by nothing")
        assert folder is not None and folder.parent == system / "curriculum"
    monkeypatch.setenv("XDG_CACHE_HOME", str(home))
    folder = cache.folder("yaml", "shaped by nothing")
    assert folder is not None and folder.parent == home / "curriculum"


@pytest.mark.parametrize("missing", ["getuid", "dir_fd"])
def test_a_system_without_what_the_checks_need_has_no_cache(home, monkeypatch, catalog, parses, missing):
    if missing == "getuid":
        monkeypatch.delattr(os, "getuid")
    else:
        monkeypatch.setattr(os, "supports_dir_fd", set())
    html_module._environment.cache_clear()
    assert html_module.template_cache() is None
    for _ in range(2):
        assert load_catalog(catalog).books["a"].book.title == "Book A"
    assert parses.count("books.yaml") == 2
    assert not home.exists()


# --- damaged entries ---------------------------------------------------------------------------


def damage(entry: Path, how: str, text: bytes) -> None:
    """Damage ``entry`` as a crash, a full disk or a bad sector might."""
    blob = entry.read_bytes()
    if how == "a changed byte in the data":
        assert blob.count(text) == 1
        at = blob.index(text) + len(text) - 1
        blob = blob[:at] + bytes([blob[at] ^ 0x01]) + blob[at + 1 :]  # same length, still loads
    elif how == "a changed byte in the hash":
        at = header_size() - 1
        blob = blob[:at] + bytes([blob[at] ^ 0xFF]) + blob[at + 1 :]
    elif how == "cut in half":
        blob = blob[: len(blob) // 2]
    elif how == "cut after the header":
        blob = blob[: header_size()]
    elif how == "empty":
        blob = b""
    entry.write_bytes(blob)


DAMAGE = ["a changed byte in the data", "a changed byte in the hash", "cut in half", "cut after the header", "empty"]


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_catalog_entry_is_parsed_again_and_rewritten(home, catalog, parses, how):
    first = load_catalog(catalog)
    entry = yamlcache.entry_for((catalog / "books.yaml").read_bytes())
    assert entry is not None
    damage(entry, how, b"Book A")
    parses.clear()
    assert load_catalog(catalog) == first
    assert parses.count("books.yaml") == 1
    assert readable(entry)
    parses.clear()
    assert load_catalog(catalog) == first
    assert "books.yaml" not in parses


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_template_entry_is_compiled_again_and_rewritten(home, bundled, how):
    view = build_view(plan_of(bundled, "swe-system-design"), mentee=None, command="curriculum plan")
    first = html_module.render_html(view, file_stem="x")
    folder = html_module.cache_folder()
    assert folder is not None
    [entry] = folder.glob("__jinja2_*.cache")
    damage(entry, how, b"</html>")
    html_module._environment.cache_clear()
    assert html_module.render_html(view, file_stem="x") == first
    assert readable(entry)


@pytest.mark.parametrize("how", DAMAGE)
def test_a_damaged_entry_is_dropped_when_read(home, how):
    entry = private_entry(cache_path(), "entry", b"Book A, whole")
    damage(entry, how, b"Book A")
    with cache.opened(entry.parent) as folder:
        assert folder is not None and folder.read("entry") is None
    assert not entry.exists()


# --- temporary files of interrupted writes -----------------------------------------------------

KILLED_WRITE = """
import os, signal, sys
from pathlib import Path
from curriculum.catalog import cache
os.replace = lambda *args, **kwargs: os.kill(os.getpid(), signal.SIGKILL)
with cache.opened(Path(sys.argv[1])) as folder:
    folder.write("entry", b"x" * 100_000)
"""


def test_the_temporary_files_of_interrupted_writes_are_removed_by_a_later_write(home):
    path = cache_path()
    private_entry(path, "other", b"ours")
    env = {**os.environ, "PYTHONPATH": str(Path(curriculum.__file__).parents[1])}
    killed = subprocess.run([sys.executable, "-c", KILLED_WRITE, str(path)], env=env, capture_output=True, timeout=60)
    assert killed.returncode == -signal.SIGKILL, killed.stderr
    [left] = [p for p in path.iterdir() if p.name.endswith(".tmp")]
    assert left.name.startswith(".entry.")
    old = path / f".old.{os.getpid()}.1234.tmp"  # of a live process, but too old to be a live write
    old.write_bytes(b"x")
    os.utime(old, (time.time() - cache.STALE_SECONDS - 60,) * 2)
    live = path / f".live.{os.getpid()}.5678.tmp"  # a write going on now
    live.write_bytes(b"x")
    with cache.opened(path) as folder:
        assert folder is not None and folder.write("entry", b"ours")
    assert sorted(p.name for p in path.iterdir()) == [live.name, "entry", "other"]
