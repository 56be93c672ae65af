"""Uploaded files for the import screen: HTML documents, images beside them, and .zip archives.

An upload is untrusted input, so everything here is capped: the number of files, their total
size, a zip's number of entries, each file's size and the upload's unzipped size. Sizes are
checked first against what the archive declares, without unzipping anything, and again when
a file is read, since a header can lie. Zip entries must stay inside the archive: absolute
paths, ``..`` and symbolic links are refused. Names must also be writable in the job's
working folder, on any file system: no control characters, no name part over 255 bytes, no
two files that differ only in case or Unicode form, no file with the name of a folder.
No Django here: the caller passes the limits.
"""

from __future__ import annotations

import re
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import PurePosixPath
from typing import BinaryIO

from importers.sources.documents import HTML_SUFFIXES
from importers.store.save import IMAGE_SUFFIXES

ZIP_SUFFIX = ".zip"
#: The folder plain (not zipped) uploads share, so an image uploaded beside an HTML file is
#: "next to" it, as it was on the editor's disk.
FILES_FOLDER = "files"
#: Longest path kept for one file (the import job stores it in a 1,000-character column).
MAX_PATH_CHARS = 400
#: Archive members that are tooling noise, not content: macOS resource forks, dot files.
NOISE = re.compile(r"(^|/)(__MACOSX|\.[^/]*)(/|$)")
WINDOWS_DRIVE = re.compile(r"^[A-Za-z]:")
#: C0 and C1 control characters, NUL included: no file system takes all of them, and
#: ``zipfile`` silently cuts a name short at a NUL.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
#: Longest name of one file or folder, in bytes: the limit of Linux, macOS and Windows file
#: systems alike.
MAX_NAME_BYTES = 255
ZIP_ERRORS = (zipfile.BadZipFile, zlib.error, EOFError, NotImplementedError, OSError)


class UploadError(ValueError):
    """An upload was refused; ``str(error)`` is the message shown to the editor."""


@dataclass(frozen=True)
class UploadLimits:
    max_upload_bytes: int
    max_files: int
    max_zip_entries: int
    max_uncompressed_bytes: int
    max_document_bytes: int
    max_image_bytes: int

    def file_limit(self, name: str) -> int | None:
        """The most bytes one file called ``name`` may have (``None``: only the totals)."""
        kind = kind_of(name)
        if kind == "document":
            return self.max_document_bytes
        if kind == "image":
            return self.max_image_bytes
        return None


@dataclass(frozen=True)
class UnpackedFile:
    """One file of an upload, checked, to be read when it is stored.

    ``path`` is where the file goes in the import's working folder (relative, POSIX), so that
    images keep their place next to the HTML that uses them; ``name`` is what the editor
    sees, e.g. ``why.html`` or ``export.zip/articles/why.html``.
    """

    path: str
    name: str
    is_document: bool
    size: int
    opener: Callable[[int], bytes] = field(repr=False, compare=False)

    def read(self) -> bytes:
        """The file's bytes; :class:`UploadError` if there are more than it declared."""
        try:
            data = self.opener(self.size + 1)
        except ZIP_ERRORS as error:
            raise UploadError(f"{self.name} could not be unzipped ({error}).") from None
        if len(data) > self.size:
            raise UploadError(
                f"{self.name} is larger than its archive says; the archive was refused."
            )
        return data


@dataclass
class Unpacked:
    files: list[UnpackedFile] = field(default_factory=list)
    #: Names of files that are neither HTML nor images (stylesheets, scripts...), left out.
    ignored: list[str] = field(default_factory=list)
    #: Bytes of all ``files``, unzipped.
    size: int = 0

    @property
    def documents(self) -> list[UnpackedFile]:
        return [f for f in self.files if f.is_document]

    @property
    def assets(self) -> list[UnpackedFile]:
        return [f for f in self.files if not f.is_document]


def kind_of(name: str) -> str | None:
    """``"document"``, ``"image"``, ``"zip"`` or ``None`` for a file name."""
    suffix = PurePosixPath(name.lower()).suffix
    if suffix in HTML_SUFFIXES:
        return "document"
    if suffix in IMAGE_SUFFIXES:
        return "image"
    if suffix == ZIP_SUFFIX:
        return "zip"
    return None


def same_name_key(path: str) -> str:
    """What two paths share when a case-insensitive or normalising file system (macOS,
    Windows) would store them as one."""
    return unicodedata.normalize("NFC", path).casefold()


class _Collector:
    def __init__(self, limits: UploadLimits):
        self.limits = limits
        self.result = Unpacked()
        self.paths: set[str] = set()

    def add(self, path, name, kind, size, opener):
        limits = self.limits
        most = limits.file_limit(path)
        if size > most:
            raise UploadError(f"{name} is {size:,} bytes, over the {most:,}-byte limit.")
        key = same_name_key(path)
        if key in self.paths:
            raise UploadError(f"Two files would be {name}; rename one.")
        self.result.size += size
        if self.result.size > limits.max_uncompressed_bytes:
            raise UploadError(
                f"Unzipped, the files add up to more than {limits.max_uncompressed_bytes:,} "
                f"bytes (passed at {name}), the limit for one import."
            )
        self.paths.add(key)
        self.result.files.append(UnpackedFile(path, name, kind == "document", size, opener))


def unpack(uploads: Iterable[tuple[str, int, BinaryIO]], limits: UploadLimits) -> Unpacked:
    """Check uploaded ``(name, size, file)`` triples; list the files to store.

    Nothing is unzipped here: archives are checked from their directory. The files must
    stay open until every :meth:`UnpackedFile.read` is done.

    Raises:
        UploadError: with a message for the editor, for the first limit the upload breaks.
    """
    uploads = list(uploads)
    if len(uploads) > limits.max_files:
        raise UploadError(
            f"You sent {len(uploads):,} files; one import takes at most "
            f"{limits.max_files:,}. Put more in a .zip file."
        )
    sent = sum(size for _name, size, _file in uploads)
    if sent > limits.max_upload_bytes:
        raise UploadError(
            f"The files add up to {sent:,} bytes, over the {limits.max_upload_bytes:,}-byte "
            "limit for one import."
        )
    collector = _Collector(limits)
    for index, (raw_name, size, handle) in enumerate(uploads):
        name = PurePosixPath(raw_name.replace("\\", "/")).name
        kind = kind_of(name)
        if not name or kind is None:
            raise UploadError(
                f"{raw_name} is not an HTML file, an image or a .zip archive of them."
            )
        if CONTROL_CHARACTERS.search(name):
            raise UploadError(f"The file {name!r} has a control character in its name.")
        if len(name.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES:
            raise UploadError(
                f"The file name {name[:80]!r}… is longer than {MAX_NAME_BYTES} bytes."
            )
        if kind == "zip":
            _list_zip(name, handle, f"zip-{index + 1}", collector)
        else:
            collector.add(f"{FILES_FOLDER}/{name}", name, kind, size, _file_opener(handle))
    return collector.result


def _file_opener(handle):
    def read(count):
        handle.seek(0)
        return handle.read(count)

    return read


def _member_opener(zipped, info):
    def read(count):
        with zipped.open(info) as member:
            return member.read(count)

    return read


def safe_member_path(archive: str, member: str) -> str:
    """The member's path, normalised, or :class:`UploadError` if it leaves the archive or
    could not be written as it is (backslashes are taken for folder separators)."""
    if CONTROL_CHARACTERS.search(member):
        raise UploadError(f"{archive}: the entry {member!r} has a control character in its name.")
    path = member.replace("\\", "/")
    if path.startswith("/") or WINDOWS_DRIVE.match(path):
        raise UploadError(f"{archive}: the entry {member!r} has an absolute path.")
    parts = [part for part in path.split("/") if part not in ("", ".")]
    if ".." in parts:
        raise UploadError(f"{archive}: the entry {member!r} points outside the archive.")
    path = "/".join(parts)
    if len(path) > MAX_PATH_CHARS:
        raise UploadError(f"{archive}: the entry {member[:80]!r}… has too long a name.")
    if any(len(part.encode("utf-8", "surrogatepass")) > MAX_NAME_BYTES for part in parts):
        raise UploadError(
            f"{archive}: the entry {member!r} has a name part longer than {MAX_NAME_BYTES} bytes."
        )
    return path


class _Tree:
    """The files of one archive that will be written, to refuse a file and a folder of the
    same name (``a.html`` and ``a.html/pic.png``): one of them could not be written."""

    def __init__(self, archive: str):
        self.archive = archive
        self.files: dict[str, str] = {}
        self.folders: dict[str, str] = {}

    def add(self, path: str) -> None:
        key = same_name_key(path)
        if key in self.folders:
            raise UploadError(
                f"{self.archive}: the entry {path!r} has the name of the folder of "
                f"{self.folders[key]!r}; rename one."
            )
        parts = key.split("/")
        for depth in range(1, len(parts)):
            folder = "/".join(parts[:depth])
            if folder in self.files:
                raise UploadError(
                    f"{self.archive}: the entry {path!r} is inside a folder with the name of "
                    f"the file {self.files[folder]!r}; rename one."
                )
            self.folders.setdefault(folder, path)
        self.files.setdefault(key, path)


def _list_zip(archive: str, handle, folder: str, collector: _Collector) -> None:
    limits = collector.limits
    try:
        # Left open on purpose: its files are read later, while the upload is stored.
        zipped = zipfile.ZipFile(handle)  # noqa: SIM115
        members = zipped.infolist()
    except ZIP_ERRORS as error:
        raise UploadError(f"{archive} is not a readable .zip archive ({error}).") from None
    if len(members) > limits.max_zip_entries:
        raise UploadError(
            f"{archive} has {len(members):,} entries; an archive may have at most "
            f"{limits.max_zip_entries:,}."
        )
    found_document = False
    tree = _Tree(archive)
    for info in members:
        # The name as stored: ``filename`` is cut short at a NUL byte.
        path = safe_member_path(archive, info.orig_filename)
        if stat.S_ISLNK(info.external_attr >> 16):
            raise UploadError(
                f"{archive}: the entry {info.filename!r} is a symbolic link, "
                "which imports do not follow."
            )
        if info.is_dir() or not path or NOISE.search(path):
            continue
        kind = kind_of(path)
        if kind not in ("document", "image"):
            collector.result.ignored.append(f"{archive}/{path}")
            continue
        if info.flag_bits & 0x1:
            raise UploadError(f"{archive}: the entry {info.filename!r} is encrypted.")
        found_document = found_document or kind == "document"
        tree.add(path)
        collector.add(
            f"{folder}/{path}",
            f"{archive}/{path}",
            kind,
            info.file_size,
            _member_opener(zipped, info),
        )
    if not found_document:
        raise UploadError(f"{archive} holds no .html files.")
