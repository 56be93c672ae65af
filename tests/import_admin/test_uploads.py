"""``importers.sources.uploads``: what an upload is turned into, without Django."""

import io
import zipfile

import pytest

from importers.sources.uploads import UploadError, UploadLimits, safe_member_path, unpack

LIMITS = UploadLimits(
    max_upload_bytes=1_000_000,
    max_files=10,
    max_zip_entries=20,
    max_uncompressed_bytes=1_000_000,
    max_document_bytes=10_000,
    max_image_bytes=5_000,
)


def zipped(entries):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            archive.writestr(name, data)
    buffer.seek(0)
    return buffer


def sent(name, handle):
    handle.seek(0, io.SEEK_END)
    size = handle.tell()
    handle.seek(0)
    return (name, size, handle)


def test_zip_entries_keep_their_folders_and_tooling_noise_is_skipped():
    archive = zipped(
        {
            "site/a/why.html": b"<h1>Why</h1>",
            "site/a/img/photo.png": b"png",
            "site/a/style.css": b"body{}",
            "__MACOSX/site/a/._why.html": b"junk",
            "site/.DS_Store": b"junk",
            "site/empty/": b"",
        }
    )
    result = unpack([sent("export.zip", archive)], LIMITS)
    assert [(f.path, f.name, f.is_document) for f in result.files] == [
        ("zip-1/site/a/why.html", "export.zip/site/a/why.html", True),
        ("zip-1/site/a/img/photo.png", "export.zip/site/a/img/photo.png", False),
    ]
    assert result.ignored == ["export.zip/site/a/style.css"]
    assert [f.read() for f in result.files] == [b"<h1>Why</h1>", b"png"]


def test_plain_files_share_one_folder_so_images_sit_next_to_the_html():
    result = unpack(
        [sent("why.html", io.BytesIO(b"<h1>x</h1>")), sent("photo.png", io.BytesIO(b"png"))],
        LIMITS,
    )
    assert [f.path for f in result.files] == ["files/why.html", "files/photo.png"]
    assert result.size == len(b"<h1>x</h1>") + 3


def test_each_file_is_held_to_the_importers_own_size_limits():
    with pytest.raises(UploadError, match=r"big\.html is 10,001 bytes, over the 10,000-byte"):
        unpack([sent("big.html", io.BytesIO(b"x" * 10_001))], LIMITS)
    with pytest.raises(UploadError, match=r"x\.zip/huge\.png is 5,001 bytes"):
        unpack([sent("x.zip", zipped({"a.html": b"a", "huge.png": b"x" * 5_001}))], LIMITS)


def test_the_total_sent_is_capped():
    limits = UploadLimits(**{**LIMITS.__dict__, "max_upload_bytes": 10})
    with pytest.raises(UploadError, match="add up to 11 bytes, over the 10-byte limit"):
        unpack([sent("a.html", io.BytesIO(b"x" * 11))], limits)


def test_two_files_landing_on_one_path_are_refused():
    with pytest.raises(UploadError, match="Two files would be a.html; rename one."):
        unpack([sent("a.html", io.BytesIO(b"1")), sent("a.html", io.BytesIO(b"2"))], LIMITS)


@pytest.mark.parametrize(
    ("member", "expected"),
    [
        ("a/b.html", "a/b.html"),
        ("./a//b.html", "a/b.html"),
        ("a\\b.html", "a/b.html"),
        ("../b.html", None),
        ("a/../../b.html", None),
        ("a\\..\\..\\b.html", None),
        ("/etc/b.html", None),
        ("C:\\b.html", None),
    ],
)
def test_member_paths_stay_inside_the_archive(member, expected):
    if expected is None:
        with pytest.raises(UploadError):
            safe_member_path("x.zip", member)
    else:
        assert safe_member_path("x.zip", member) == expected
