"""The ``Author`` snippet, the article mixin and the concrete ``AdviceArticlePage``."""

from __future__ import annotations

import re
from collections import deque

from django.core.exceptions import ImproperlyConfigured
from django.core.validators import MaxValueValidator, MinValueValidator, URLValidator
from django.db import models
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import escape, urlize
from django.utils.safestring import mark_safe
from django.utils.text import normalize_newlines, slugify
from django.utils.translation import gettext_lazy as _
from modelcluster.contrib.taggit import ClusterTaggableManager
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from taggit.models import TaggedItemBase
from wagtail import blocks as wagtail_blocks
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField, StreamField
from wagtail.images import get_image_model_string
from wagtail.models import Orderable
from wagtail.search import index

from . import conf
from .api_fields import (
    AuthorField,
    AuthorListField,
    CategoryListField,
    CommentThreadField,
    FrontendRichTextField,
    ImageField,
    JSONLDField,
    TagListField,
)
from .blocks import ArticleStreamBlock
from .compat import get_base_page_model, get_base_page_model_name

#: Sources may be web pages or, for imports from disk, ``file:`` URLs.
SOURCE_URL_SCHEMES = ["http", "https", "file"]


def validate_source_url(value):
    """Accept web URLs and the ``file:///path`` URLs of articles imported from disk."""
    if value.startswith("file:///") and len(value) > len("file:///"):
        return
    URLValidator(schemes=["http", "https"])(value)


class AuthorLinkBlock(wagtail_blocks.StructBlock):
    label = wagtail_blocks.CharBlock(max_length=100, required=False, label=_("Label"))
    url = wagtail_blocks.URLBlock(label=_("URL"))

    class Meta:
        icon = "link"
        label_format = "{label}"


class Author(index.Indexed, models.Model):
    """A person credited on articles; chosen by pages and by the author-bio block."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=True)
    role = models.CharField(_("role"), max_length=255, blank=True)
    bio = RichTextField(_("bio"), blank=True, features=["bold", "italic", "link"])
    photo = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("photo"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    website = models.URLField(_("website"), blank=True)
    links = StreamField(
        [("link", AuthorLinkBlock())],
        verbose_name=_("profile links"),
        blank=True,
        default=list,
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("role"),
        FieldPanel("photo"),
        FieldPanel("bio"),
        FieldPanel("website"),
        FieldPanel("links"),
    ]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("bio"),
    ]

    class Meta:
        ordering = ["name"]
        verbose_name = _("author")
        verbose_name_plural = _("authors")

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = unique_author_slug(self.name)
        super().save(*args, **kwargs)


def unique_author_slug(name, exclude_pk=None):
    base = slugify(name, allow_unicode=True)[:240] or "author"
    slug, counter = base, 2
    existing = Author.objects.exclude(pk=exclude_pk) if exclude_pk else Author.objects
    while existing.filter(slug=slug).exists():
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


class NotTranslated:
    """A field that wagtail-localize neither offers for translation nor copies to one.

    An entry for a model's ``override_translatable_fields``, duck-typed on wagtail-localize's
    ``BaseTranslatableField`` so that the package does not need wagtail-localize.
    """

    def __init__(self, field_name):
        self.field_name = field_name

    def get_field(self, model):
        return model._meta.get_field(self.field_name)

    def get_value(self, obj):
        return self.get_field(obj.__class__).value_from_object(obj)

    def is_editable(self, obj):
        return False

    def is_translated(self, obj):
        return False

    def is_synchronized(self, obj):
        return False

    def is_overridable(self, obj):
        return False

    def __repr__(self):
        return f"<NotTranslated {self.field_name}>"


class ArticleCategory(index.Indexed, models.Model):
    """A category of articles, nested as WordPress nests them (``parent``)."""

    name = models.CharField(_("name"), max_length=255)
    slug = models.SlugField(_("slug"), max_length=255, unique=True, allow_unicode=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("parent")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name")]

    #: Categories nest a few levels at most; this only stops a loop someone made.
    MAX_DEPTH = 20

    class Meta:
        ordering = ["name"]
        verbose_name = _("article category")
        verbose_name_plural = _("article categories")

    def __str__(self):
        return " / ".join(category.name for category in self.ancestry())

    def ancestry(self):
        """This category's ancestors and itself, outermost first."""
        chain, seen, node = [], set(), self
        while node is not None and node.pk not in seen and len(chain) < self.MAX_DEPTH:
            chain.append(node)
            seen.add(node.pk)
            node = node.parent
        return list(reversed(chain))


class ArticleTag(TaggedItemBase):
    """Tags of articles (django-taggit, as Wagtail's own tags); keyed to the base page."""

    content_object = ParentalKey(
        get_base_page_model_name(), on_delete=models.CASCADE, related_name="advice_tagged_items"
    )


class AdviceArticleMixin(models.Model):
    """Fields and behaviour of an advice article; mix into your own page model.

    ``class MyArticle(AdviceArticleMixin, Page)`` gives a page with an intro, an author,
    published/updated dates, a ``body`` of the package's blocks, JSON-LD and API fields.
    """

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])
    original_published = models.DateField(
        _("originally published"),
        null=True,
        blank=True,
        help_text=_("When the article first appeared, if earlier than this page."),
    )
    last_updated = models.DateField(_("last updated"), null=True, blank=True)
    image = models.ForeignKey(
        get_image_model_string(),
        verbose_name=_("featured image"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text=_("Shown in listings and shared links."),
    )
    tags = ClusterTaggableManager(
        through="advice_blocks.ArticleTag", blank=True, verbose_name=_("tags")
    )
    categories = ParentalManyToManyField(
        "advice_blocks.ArticleCategory",
        blank=True,
        verbose_name=_("categories"),
        related_name="+",
    )
    body = StreamField(ArticleStreamBlock(), verbose_name=_("body"), blank=True, default=list)
    language = models.CharField(
        _("language of the text"),
        max_length=35,
        blank=True,
        help_text=_(
            "A language tag such as 'ar' or 'pt-BR', when the article is written in another "
            "language than the page's locale (imported pages take it from the source)."
        ),
    )
    source_url = models.CharField(
        _("source URL"),
        max_length=1000,
        unique=True,
        null=True,
        blank=True,
        validators=[validate_source_url],
        help_text=_("Where the article was imported from; re-imports update this page."),
    )

    content_panels = [
        FieldPanel("intro"),
        MultiFieldPanel(
            [
                InlinePanel("advice_authors", label=_("Author"), heading=_("Authors")),
                FieldPanel("original_published"),
                FieldPanel("last_updated"),
            ],
            heading=_("Byline"),
        ),
        FieldPanel("image"),
        FieldPanel("body"),
    ]
    promote_panels = [
        MultiFieldPanel(
            [FieldPanel("categories"), FieldPanel("tags")], heading=_("Categories and tags")
        ),
    ]
    settings_panels = [FieldPanel("language"), FieldPanel("source_url")]

    search_fields = [
        index.SearchField("intro"),
        index.SearchField("body"),
        index.SearchField("tags"),
        index.FilterField("original_published"),
        index.FilterField("last_updated"),
        index.RelatedFields(
            "advice_authors", [index.RelatedFields("author", [index.SearchField("name")])]
        ),
    ]

    api_fields = [
        APIField("intro", serializer=FrontendRichTextField()),
        APIField("authors", serializer=AuthorListField()),
        # The first author, as before articles had several; kept for existing front ends.
        APIField("author", serializer=AuthorField()),
        APIField("image", serializer=ImageField()),
        APIField("tags", serializer=TagListField()),
        APIField("categories", serializer=CategoryListField()),
        APIField("original_published"),
        APIField("last_updated"),
        APIField("body"),
        APIField("json_ld", serializer=JSONLDField()),
        APIField("comments", serializer=CommentThreadField(source="comment_thread")),
    ]

    template = "advice_blocks/advice_article_page.html"

    #: A copy (or a translation, which Wagtail makes by copying) is not the imported page:
    #: the unique source URL stays with the original, so re-imports never touch a copy.
    exclude_fields_in_copy = ["source_url"]
    #: wagtail-localize would offer the source URL (a CharField) to translators as text and
    #: write their "translation" of it into the translated page, where the original's URL
    #: breaks the unique constraint. Translations get none. Nor the source's ``language``:
    #: a translation's text is in its own locale's language. A page model that sets its own
    #: ``override_translatable_fields`` should keep these entries.
    override_translatable_fields = [NotTranslated("source_url"), NotTranslated("language")]

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.source_url:
            self.source_url = None
        return super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        # An empty form field arrives as "", which would collide with other pages under the
        # unique constraint; NULL means "not imported" and may repeat.
        if not self.source_url:
            self.source_url = None

    def get_context(self, request, *args, **kwargs):
        from . import conf
        from .layout import base_template

        context = super().get_context(request, *args, **kwargs)
        context["advice_base_template"] = base_template()
        # The template's cached parts fetch what they show ({% advice_prefetch %}) only
        # when they are rendered, so a page served from the cache costs no such queries.
        context["advice_cache_timeout"] = conf.get("PAGE_CACHE_TIMEOUT")
        return context

    def prefetch_for_page(self):
        """Fetch the authors, images and comments the page template shows, together rather
        than one at a time while rendering; once per page object."""
        from .prefetch import prefetch_articles

        if not self.__dict__.get("_advice_prefetched"):
            prefetch_articles([self])
            self.__dict__["_advice_prefetched"] = True

    @property
    def advice_comments_version(self):
        from .caching import comments_version

        return comments_version(self.pk)

    @property
    def advice_content_version(self):
        from .caching import content_version

        return content_version()

    @property
    def text_language(self):
        """The language the text is in: ``language`` if set, else the page's locale."""
        if self.language:
            return self.language
        locale = getattr(self, "locale", None)
        return locale.language_code if locale is not None else ""

    @property
    def text_direction(self):
        """``rtl`` or ``ltr`` for :attr:`text_language`, from Django's language table."""
        return text_direction(self.text_language)

    @cached_property
    def listicles(self):
        return [child.value for child in self.body if child.block_type == "listicle"]

    @property
    def authors(self):
        """The article's authors, in order (``Author`` objects).

        Read from what :func:`~advice_blocks.prefetch.prefetch_articles` loaded when it ran,
        else from the page's author rows, which on a revision or preview are in memory.
        """
        if "_advice_authors" in self.__dict__:
            return self.__dict__["_advice_authors"]
        rows = self.advice_authors.all()
        # A live page's rows come from the database (joined with their authors, unless a
        # prefetch_related already filled them); a revision's rows are in memory.
        if isinstance(rows, models.QuerySet) and rows._result_cache is None:
            rows = rows.select_related("author", "author__photo")
        authors = [row.author for row in rows if row.author_id]
        self.__dict__["_advice_authors"] = authors
        return authors

    @property
    def author(self):
        """The first author, or ``None``."""
        authors = self.authors
        return authors[0] if authors else None

    def set_authors(self, authors):
        """Replace the authors (saved with the page or its next revision)."""
        self.advice_authors = [
            ArticleAuthor(author=author, sort_order=position)
            for position, author in enumerate(authors)
        ]
        self.__dict__["_advice_authors"] = list(authors)

    def toc_items(self):
        """Every numbered reason in page order (``number``, ``anchor``, ``heading``)."""
        return [item for listicle in self.listicles for item in listicle.numbered_items()]

    def table_of_contents(self):
        """Entries ``(anchor, label)`` for every numbered reason, in page order."""
        return [
            (item.anchor, f"{item.number}. {item.heading}")
            for listicle in self.listicles
            for item in listicle.numbered_items()
        ]

    def approved_comments(self):
        """This page's approved comments, oldest first, in one query."""
        return list(
            Comment.objects.approved().filter(page_id=self.pk).order_by("created_at", "pk")
        )

    @cached_property
    def comment_thread(self):
        """Approved comments as a thread: roots with ``thread_replies``."""
        return comment_tree(self.approved_comments())

    @property
    def comment_count(self):
        def count(nodes):
            return sum(1 + count(node.thread_replies) for node in nodes)

        return count(self.comment_thread)

    @property
    def json_ld(self):
        """The page's schema.org data as a list of JSON-ready dicts."""
        from .jsonld import article_json_ld

        return article_json_ld(self)

    @property
    def preview_modes(self):
        """Wagtail's, and "Front end" where headless previews are configured."""
        from .preview import article_preview_modes

        return article_preview_modes(super().preview_modes)

    def serve_preview(self, request, mode_name):
        """The "Front end" mode opens the headless front end (:mod:`advice_blocks.preview`)."""
        from .preview import serve_headless_preview

        response = serve_headless_preview(self, request, mode_name)
        if response is None:
            return super().serve_preview(request, mode_name)
        return response

    @classmethod
    def get_page_from_preview_token(cls, token):
        """The draft a headless preview stored under ``token``, or ``None`` (as
        wagtail-headless-preview's pages answer; grapple's ``page(token:)`` asks it)."""
        from .preview import page_from_preview_token

        return page_from_preview_token(cls, token)


def text_direction(language):
    """``rtl`` for right-to-left languages in Django's table (``ar``, ``he``, ``fa``…)."""
    from django.conf.locale import LANG_INFO

    code = (language or "").lower()
    info = LANG_INFO.get(code) or LANG_INFO.get(code.split("-")[0]) or {}
    return "rtl" if info.get("bidi") else "ltr"


class ArticleAuthor(Orderable):
    """One author of an article, in the byline's order (an inline panel in the editor).

    The key is to the base page model, so any page type built from the mixin has authors.
    """

    page = ParentalKey(
        get_base_page_model_name(),
        on_delete=models.CASCADE,
        related_name="advice_authors",
    )
    author = models.ForeignKey(
        "advice_blocks.Author",
        verbose_name=_("author"),
        on_delete=models.CASCADE,
        related_name="article_credits",
    )

    panels = [FieldPanel("author")]

    class Meta(Orderable.Meta):
        verbose_name = _("article author")
        verbose_name_plural = _("article authors")
        constraints = [
            models.UniqueConstraint(fields=["page", "author"], name="advice_article_author_once")
        ]

    def __str__(self):
        return str(self.author)


class AdviceIndexPage(get_base_page_model()):
    """A listing of the advice articles below it, newest first, a page at a time."""

    intro = RichTextField(_("intro"), blank=True, features=["bold", "italic", "link"])
    per_page = models.PositiveSmallIntegerField(
        _("articles per page"),
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )

    content_panels = get_base_page_model().content_panels + [
        FieldPanel("intro"),
        FieldPanel("per_page"),
    ]
    subpage_types = ["advice_blocks.AdviceArticlePage"]
    template = "advice_blocks/advice_index_page.html"

    class Meta:
        verbose_name = _("advice index")
        verbose_name_plural = _("advice indexes")

    def articles(self):
        """Live articles below this page, newest first, with their author in one query."""
        return (
            AdviceArticlePage.objects.child_of(self)
            .live()
            .public()
            .prefetch_related("advice_authors__author")
            .order_by("-first_published_at", "-pk")
        )

    def get_context(self, request, *args, **kwargs):
        from django.core.paginator import Paginator

        from .layout import base_template

        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.articles(), self.per_page)
        context["articles"] = paginator.get_page(request.GET.get("page"))
        context["advice_base_template"] = base_template()
        return context


class AdviceArticlePage(AdviceArticleMixin, get_base_page_model()):
    """An advice or listicle article."""

    content_panels = get_base_page_model().content_panels + AdviceArticleMixin.content_panels
    promote_panels = get_base_page_model().promote_panels + AdviceArticleMixin.promote_panels
    settings_panels = get_base_page_model().settings_panels + AdviceArticleMixin.settings_panels
    search_fields = get_base_page_model().search_fields + AdviceArticleMixin.search_fields
    subpage_types = []

    class Meta:
        verbose_name = _("advice article")
        verbose_name_plural = _("advice articles")

    def __str__(self):
        return self.title

    @classmethod
    def clean_parent_page_models(cls):
        """The package's index plus the page types named in
        ``ADVICE_BLOCKS["ARTICLE_PARENT_PAGE_TYPES"]``, read each time so that the setting
        (and ``override_settings``) takes effect without a restart."""
        from wagtail.coreutils import resolve_model_string

        from . import conf

        names = ["advice_blocks.AdviceIndexPage", *conf.get("ARTICLE_PARENT_PAGE_TYPES")]
        return [resolve_model_string(name, cls._meta.app_label) for name in names]


class CommentQuerySet(models.QuerySet):
    def approved(self):
        return self.filter(status=Comment.Status.APPROVED)


class Comment(models.Model):
    """A reader comment on an article page, threaded to any depth through ``parent``.

    Imported comments arrive approved (they were public on the source site); comments
    submitted on this site wait as pending until a moderator approves them.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        SPAM = "spam", _("Spam")

    page = models.ForeignKey(
        get_base_page_model_name(),
        verbose_name=_("page"),
        on_delete=models.CASCADE,
        related_name="advice_comments",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("in reply to"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="replies",
    )
    author_name = models.CharField(_("name"), max_length=100)
    author_email = models.EmailField(_("email"), blank=True, help_text=_("Never shown publicly."))
    author_url = models.URLField(_("website"), blank=True)
    body = models.TextField(
        _("comment"), help_text=_("Plain text; a blank line starts a new paragraph.")
    )
    created_at = models.DateTimeField(_("date"), default=timezone.now, db_index=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True
    )
    source_key = models.CharField(
        _("source key"),
        max_length=255,
        blank=True,
        help_text=_("Identifies an imported comment, so re-imports do not duplicate it."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)

    objects = CommentQuerySet.as_manager()

    panels = [
        FieldPanel("author_name"),
        FieldPanel("author_email"),
        FieldPanel("author_url"),
        FieldPanel("body"),
        FieldPanel("status"),
    ]

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("comment")
        verbose_name_plural = _("comments")
        permissions = [("moderate_comment", _("Can approve, reject and mark comments as spam"))]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "source_key"],
                condition=~models.Q(source_key=""),
                name="advice_comment_unique_source_key",
            )
        ]

    def __str__(self):
        return f"{self.author_name}: {self.excerpt}"

    @property
    def excerpt(self):
        text = " ".join(self.body.split())
        return text if len(text) <= 80 else text[:79].rstrip() + "…"

    @property
    def paragraphs(self):
        return [p.strip() for p in self.body.replace("\r\n", "\n").split("\n\n") if p.strip()]

    @property
    def body_html(self):
        """The comment as HTML paragraphs: text escaped, web addresses linked (nofollow),
        single line breaks kept. What ``paragraph|urlize|linebreaksbr`` gives, faster."""
        return mark_safe(  # noqa: S308 - every paragraph is escaped by urlize_text
            "".join(
                "<p>" + normalize_newlines(urlize_text(paragraph)).replace("\n", "<br>") + "</p>"
                for paragraph in self.paragraphs
            )
        )


# Every text Django's urlize would turn into a link contains one of these; for the rest,
# urlize returns the escaped text, so it is skipped (it splits and tests every word).
_MAYBE_LINK = re.compile(r"https?:|www\.|@|\.(?:com|edu|gov|int|mil|net|org)\b", re.IGNORECASE)


def urlize_text(text):
    """``django.utils.html.urlize(text, nofollow=True)`` with its output escaped."""
    if _MAYBE_LINK.search(text):
        return urlize(text, nofollow=True, autoescape=True)
    return escape(text)


#: The deepest ``COMMENT_THREAD_DEPTH`` accepted. Nesting is what costs: every level is
#: another element in the page and another object inside an object in the JSON.
MAX_THREAD_DEPTH = 100


def comment_thread_depth():
    """``COMMENT_THREAD_DEPTH``, checked: an int from 1 to ``MAX_THREAD_DEPTH``."""
    value = conf.get("COMMENT_THREAD_DEPTH")
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= MAX_THREAD_DEPTH:
        raise ImproperlyConfigured(
            f"ADVICE_BLOCKS['COMMENT_THREAD_DEPTH'] must be a whole number from 1 to "
            f"{MAX_THREAD_DEPTH}, not {value!r}."
        )
    return value


class CommentThread(list):
    """The top-level comments of a thread, and in ``in_order`` every comment shown, in the
    order a page lists them, so a template can draw the thread without recursion."""

    in_order: list


def comment_tree(comments, max_depth=None):
    """Arrange comments (already filtered and ordered) into a thread of at most
    ``max_depth`` levels (default ``COMMENT_THREAD_DEPTH``).

    Returns a ``CommentThread`` of the top-level comments. Each comment gets
    ``thread_replies`` (the replies shown under it), ``thread_depth`` (the level it is shown
    at, from 1), ``thread_reply_to`` (the comment it answers, when that is not the one it is
    shown under: replies deeper than ``max_depth`` are shown at the last level, in the order
    of ``comments``) and ``thread_closes`` (for templates: a range as long as the number of
    levels that end after it). Replies whose parent is not in ``comments`` (say, a rejected
    parent) are left out rather than shown out of context. Nothing here recurses, so a
    thread of any depth costs no more than its length.
    """
    if max_depth is None:
        max_depth = comment_thread_depth()
    by_id = {comment.pk: comment for comment in comments}
    children = {}
    for comment in comments:
        comment.thread_replies = []
        comment.thread_reply_to = None
        if comment.parent_id in by_id:
            children.setdefault(comment.parent_id, []).append(comment)

    # Breadth first from the top-level comments: each reply's level, and the comment it is
    # shown under (its parent, or past the last level its ancestor one level above that).
    # A reply never reached from the top (a loop of parents, an orphan) is never visited.
    depth, shown_under = {}, {}
    queue = deque(comment for comment in comments if comment.parent_id is None)
    for comment in queue:
        depth[comment.pk], shown_under[comment.pk] = 1, None
    while queue:
        parent = queue.popleft()
        for reply in children.get(parent.pk, ()):
            if reply.pk in depth:
                continue
            depth[reply.pk] = depth[parent.pk] + 1
            within = depth[reply.pk] <= max_depth
            shown_under[reply.pk] = parent if within else shown_under[parent.pk]
            queue.append(reply)

    thread = CommentThread()
    for comment in comments:
        if comment.pk not in depth:
            continue
        comment.thread_depth = min(depth[comment.pk], max_depth)
        under = shown_under[comment.pk]
        if depth[comment.pk] > max_depth:
            comment.thread_reply_to = by_id[comment.parent_id]
        (under.thread_replies if under is not None else thread).append(comment)

    thread.in_order = in_order = []
    stack = [iter(thread)]
    while stack:
        comment = next(stack[-1], None)
        if comment is None:
            stack.pop()
            continue
        in_order.append(comment)
        if comment.thread_replies:
            stack.append(iter(comment.thread_replies))
    for position, comment in enumerate(in_order):
        ends = 0
        if not comment.thread_replies:
            following = in_order[position + 1] if position + 1 < len(in_order) else None
            ends = comment.thread_depth - (following.thread_depth if following else 1)
        comment.thread_closes = range(ends)
    return thread


__all__ = [
    "Author",
    "AdviceArticleMixin",
    "AdviceArticlePage",
    "AdviceIndexPage",
    "ArticleAuthor",
    "ArticleCategory",
    "ArticleTag",
    "Comment",
    "comment_tree",
    "unique_author_slug",
]
