"""Submitting comments: validation, the honeypot and the per-address rate limit.

Shared by the HTML form view and the JSON endpoint so both apply the same rules.
"""

from __future__ import annotations

import hashlib
import math
import re
import time
import unicodedata

from django import forms
from django.core.cache import cache
from django.core.validators import URLValidator
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import gettext_lazy as _

from . import conf
from .models import Comment

#: The honeypot: hidden from people by CSS, irresistible to form-filling bots.
HONEYPOT_FIELD = "website_confirm"
MIN_LENGTH = 2
#: Bidirectional overrides and isolates (U+202A-U+202E, U+2066-U+2069): they reorder the
#: text around them, enough to disguise a name or a link. Right-to-left text lays itself
#: out without them; the lighter marks (U+200E, U+200F, U+061C) are left alone.
BIDI_CONTROLS = re.compile("[\u202a-\u202e\u2066-\u2069]")
#: Zero-width characters with no use in a name: the zero-width space, the word joiner and
#: the byte order mark. The joiners U+200C and U+200D stay: Persian, Indic scripts and
#: emoji sequences need them.
NAME_ZERO_WIDTH = re.compile("[\u200b\u2060\ufeff]")
#: Unicode categories that draw nothing on their own: format characters, controls,
#: separators, unassigned and surrogates.
INVISIBLE_CATEGORIES = {"Cf", "Cc", "Cn", "Cs", "Zs", "Zl", "Zp"}
#: Letters and symbols that draw nothing (Hangul fillers, the blank Braille pattern).
BLANK_CHARACTERS = set("\u115f\u1160\u3164\uffa0\u2800")
#: Most bytes one character can take in a request: an astral character JSON-escaped as a
#: surrogate pair (``\ud83d\ude00``) or form-encoded (``%F0%9F%98%80``).
MAX_BYTES_PER_CHARACTER = 12
#: Characters a submission may hold besides its body: name, email, website, parent, keys.
OTHER_FIELDS_CHARACTERS = 1000


class WebURLField(forms.URLField):
    """A URL field for web addresses only: Django's also passes ftp and ftps."""

    default_validators = [URLValidator(schemes=["http", "https"])]
    default_error_messages = {
        "invalid": _("Enter a web address starting with http:// or https://."),
    }


class CommentForm(forms.Form):
    name = forms.CharField(label=_("Name"), max_length=100)
    email = forms.EmailField(
        label=_("Email (optional, never shown)"), required=False, max_length=254
    )
    url = WebURLField(
        label=_("Website (optional)"), required=False, max_length=200, assume_scheme="https"
    )
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 5}))
    parent = forms.IntegerField(required=False, widget=forms.HiddenInput)
    website_confirm = forms.CharField(
        required=False,
        label=_("Leave this field empty"),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )

    def __init__(self, *args, page=None, **kwargs):
        self.page = page
        super().__init__(*args, **kwargs)
        limit = conf.get("COMMENT_MAX_LENGTH")
        self.fields["body"].max_length = limit
        self.fields["body"].widget.attrs["maxlength"] = str(limit)

    def clean_body(self):
        raw = self.cleaned_data["body"]
        limit = conf.get("COMMENT_MAX_LENGTH")
        # The raw length first, in constant time: stripping tags from megabytes of markup
        # costs seconds. A line break counts once, as the textarea's maxlength counts it,
        # though the browser sends it as CRLF.
        length = len(raw) - raw.count("\r\n")
        if length > limit:
            raise forms.ValidationError(
                _("Please keep comments under %(limit)d characters (this one has %(length)d).")
                % {"limit": limit, "length": length}
            )
        # Comments are plain text; markup is dropped rather than stored and escaped forever.
        # Bidirectional controls are dropped too rather than refused: in a long text they
        # are more often pasted unseen than meant, and the words read the same without
        # them, minus any trick (a link whose end shows reversed, say).
        body = BIDI_CONTROLS.sub("", strip_tags(normalize_newlines(raw))).strip()
        if visible_length(body, MIN_LENGTH) < MIN_LENGTH:
            raise forms.ValidationError(_("Please write a comment of at least two characters."))
        return body

    def clean_name(self):
        name = strip_tags(self.cleaned_data["name"]).strip()
        if not name:
            raise forms.ValidationError(_("Please give a name."))
        # A name is refused, not repaired: it stands for a person beside their words, and
        # a control in it is there to make it read as something else.
        if BIDI_CONTROLS.search(name):
            raise forms.ValidationError(
                _("Please give a name without characters that change the direction of text.")
            )
        name = NAME_ZERO_WIDTH.sub("", name).strip()
        if not visible_length(name, 1):
            raise forms.ValidationError(_("Please give a name with visible characters."))
        return name

    def clean_parent(self):
        parent_id = self.cleaned_data.get("parent")
        if not parent_id:
            return None
        parent = (
            Comment.objects.approved().filter(pk=parent_id, page_id=self.page.pk).first()
            if self.page
            else None
        )
        if parent is None:
            raise forms.ValidationError(
                _("The comment you are replying to does not exist on this page.")
            )
        return parent

    def clean_website_confirm(self):
        if self.cleaned_data.get(HONEYPOT_FIELD):
            raise forms.ValidationError(_("This submission looks automated and was rejected."))
        return ""

    def save(self, ip_address=None):
        data = self.cleaned_data
        return Comment.objects.create(
            page_id=self.page.pk,
            parent=data["parent"],
            author_name=data["name"],
            author_email=data["email"],
            author_url=data["url"],
            body=data["body"],
            status=Comment.Status.PENDING,
            ip_address=ip_address,
        )


def visible_length(text, enough):
    """How many characters of ``text`` draw something, counting no further than ``enough``."""
    count = 0
    for character in text:
        if (
            unicodedata.category(character) not in INVISIBLE_CATEGORIES
            and character not in BLANK_CHARACTERS
        ):
            count += 1
            if count >= enough:
                break
    return count


def max_request_bytes():
    """The largest request body a valid comment could need, every character at its widest.

    Larger requests are refused unread: no comment needs them, and parsing them is work.
    """
    return MAX_BYTES_PER_CHARACTER * (conf.get("COMMENT_MAX_LENGTH") + OTHER_FIELDS_CHARACTERS)


def client_address(request):
    """The client's address: REMOTE_ADDR, or X-Forwarded-For behind trusted proxies."""
    proxies = conf.get("TRUSTED_PROXY_COUNT")
    if proxies:
        forwarded = [p.strip() for p in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [p for p in forwarded if p]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR") or None


def rate_limit(address):
    """Count one submission from ``address``; return seconds to wait, or 0 if allowed.

    A fixed window per address in Django's cache: cheap, shared by every process when the
    cache is, and forgiving of a restart.
    """
    limit, window = conf.get("COMMENT_RATE_LIMIT"), conf.get("COMMENT_RATE_WINDOW")
    now = time.time()
    bucket = int(now // window)
    digest = hashlib.sha256(str(address).encode()).hexdigest()[:32]
    key = f"advice_blocks:comment-rate:{digest}:{bucket}"
    cache.add(key, 0, timeout=window + 1)
    try:
        count = cache.incr(key)
    except ValueError:  # the entry expired between add and incr
        cache.set(key, 1, timeout=window + 1)
        count = 1
    if count > limit:
        return max(1, math.ceil((bucket + 1) * window - now))
    return 0
