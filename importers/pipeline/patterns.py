"""Selectors, regular expressions and thresholds used by the extraction steps.

They live apart from the logic (as in trafilatura's ``xpaths.py`` and Readability's ``REGEXPS``)
so that a new site quirk is usually a one-line change here, and so that every magic number has a
name and a reason next to it.

Class/id patterns are matched against each *token* of an element's ``class`` and its ``id``
(lower-cased), never against the raw attribute, so ``toc`` does not match ``stock``.
"""

from __future__ import annotations

import re

from lxml import etree

# --------------------------------------------------------------------------------------------
# Reading
# --------------------------------------------------------------------------------------------

#: Largest source accepted, in bytes. Real article pages are well under 2 MB; anything far
#: bigger is a dump or a binary and would only make the parser slow.
MAX_SOURCE_BYTES = 10 * 1024 * 1024

#: How many leading bytes are searched for a ``<meta charset>`` declaration (the HTML spec
#: prescans 1024 bytes; WordPress heads are often longer, so look further).
CHARSET_PRESCAN_BYTES = 8192

#: Share of C0 control characters (other than tab/newline/CR/FF) above which decoded text is
#: treated as binary rather than a badly encoded document.
MAX_CONTROL_CHAR_RATIO = 0.02

META_CHARSET_RE = re.compile(
    rb"""<meta[^>]+?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE
)
XML_DECLARATION_RE = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
#: A UTF-8 lead byte and its continuation byte.
UTF8_MULTIBYTE_RE = re.compile(rb"[\xc2-\xf4][\x80-\xbf]")
#: UTF-8 read as windows-1252/latin-1: a lead byte's character, then one to three characters
#: standing for continuation bytes (0x80-0xBF: C1 controls, windows-1252's €‚ƒ„…†‡ˆ‰Š‹ŒŽ
#: ‘’“”•–—˜™š›œžŸ, and latin-1's no-break space to ¿).
DOUBLE_ENCODED_RE = re.compile(
    "(?:[\xc2-\xdf]|[\xe0-\xef][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
    "|[\xf0-\xf4][\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]{2})"
    "[\x80-\xbf€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ]"
)
#: Cheap test on the raw UTF-8 bytes before :data:`DOUBLE_ENCODED_RE` runs on the text: "Â",
#: "Ã", or "â" followed by a C1 control or "€" (the commonest double-encoded sequences).
DOUBLE_ENCODED_BYTES_RE = re.compile(rb"\xc3[\x82\x83]|\xc3\xa2(?:\xc2|\xe2\x82)")
#: A text is repaired only when it holds at least this many double-encoded sequences.
MIN_DOUBLE_ENCODED = 3

#: File signatures of common binary formats, so the error can say what was found.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF", "PDF"),
    (b"\x89PNG", "PNG image"),
    (b"GIF8", "GIF image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"PK\x03\x04", "ZIP archive"),
    (b"\x1f\x8b", "gzip data"),
    (b"RIFF", "RIFF media"),
    (b"\x7fELF", "executable"),
)

# --------------------------------------------------------------------------------------------
# Parsing
# --------------------------------------------------------------------------------------------

#: Nesting depth kept when a document is nested deeper than libxml2 can parse (it stops at
#: 2048 levels even with ``huge_tree``); deeper tags are dropped, their text is kept.
MAX_NESTING_DEPTH = 1000
TAG_TOKEN_RE = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9:-]*)((?:\"[^\"]*\"|'[^']*'|[^'\">])*)>")
VOID_TAGS = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)

# --------------------------------------------------------------------------------------------
# Cleaning
# --------------------------------------------------------------------------------------------

#: Elements removed with their content before anything else looks at the content.
DROP_TAGS = (
    "script",
    "style",
    "template",
    "input",
    "select",
    "textarea",
    "svg",
    "canvas",
    "object",
    "link",
    "meta",
    "dialog",
)
#: Elements removed with their content too, unless they hold most of the page's text: then
#: they wrap the page (an ASP.NET ``<form>`` around the body, a ``<noscript>`` holding the
#: only server-rendered copy of a script-driven page, a menu ``<button>`` that a broken
#: page never closes) and only the tag goes.
DROP_CONTAINER_TAGS = ("form", "button", "noscript")
#: Modal dialogs drawn over the page (cookie banners, "republish this story" boxes, sign-up
#: prompts) are removed like those tags: elements with one of these ``role`` values or
#: ``aria-modal="true"``. (Collecting the attributes and testing them in Python is several
#: times faster than an XPath predicate on every element.)
DIALOG_ROLES = frozenset({"dialog", "alertdialog"})
DIALOG_ATTRIBUTES_XPATH = etree.XPath("//@role | //@aria-modal")
#: Share of the page's visible characters above which such an element is unwrapped.
UNWRAP_CONTAINER_MIN_SHARE = 0.5
#: ...and which holds at least this many (less cannot be an article; see MIN_ARTICLE_TEXT).
UNWRAP_CONTAINER_MIN_CHARS = 80
#: A sign-up form (newsletter, SMS deals, "get in touch") asks for an address or a number:
#: an input of one of these types, or whose name, placeholder or label says so.
SIGNUP_INPUT_TYPES = frozenset({"email", "tel"})
SIGNUP_INPUT_RE = re.compile(r"e-?mail|phone|mobile", re.IGNORECASE)
#: The box around such a form (its pitch, its consent small print) is removed with it: the
#: form's ancestors are climbed while they add at most this many visible characters...
SIGNUP_BOX_MAX_CHARS = 400
#: ...and hold none of these (article structure, never part of a sign-up box).
SIGNUP_BOX_STOP_TAGS = frozenset(
    {"h1", "img", "picture", "figure", "video", "table", "ol", "ul", "li", "td", "article", "main"}
)
#: Structural elements that are page chrome wherever they appear in the content area.
CHROME_TAGS = frozenset({"nav", "aside"})

#: Class/id tokens of page chrome: menus, sidebars, widgets, share buttons, table-of-contents
#: widgets, related posts, comment forms, ads, call-to-action boxes, author boxes (extracted
#: separately) and bylines (read by the metadata step before cleaning).
BOILERPLATE_TOKEN_RE = re.compile(
    r"""(?<!\S)(?:
        nav|navbar|navigation|menu|menus|main-menu|menu-item|breadcrumbs?|skip-link
      | site-header|site-footer|masthead|global-header|global-footer|page-footer|footer
      | sidebar|side-bar|widget|widget-area|widgets|is-right-sidebar|is-left-sidebar
      | share|shares|sharing|sharedaddy|sd-sharing-enabled|social|social-share|social-links
      | addtoany|a2a_kit|heateor.*|shareaholic.*|sharethis.*|jp-relatedposts|jp-sharing.*
      | toc|ez-toc.*|lwptoc.*|rank-math-toc.*|wp-block-table-of-contents|table-of-contents
      | toc-container|toc_container|tocify|simpletoc.*|jump-links?|jump-ahead
      | related|related-posts?|related-articles?|related-stories|relatedposts|yarpp.*
      | crp_related|read-next|read-more-posts|more-stories|recommended|you-may-also-like
      | post-navigation|nav-links|nav-previous|nav-next|pagination|pager|post-nav
      | comments|comments-area|comment-respond|respond|comment-form|commentform|disqus_thread
      | comment-list|commentlist|entry-comments|comments-list|nv-comments-wrap
      | entry-pings|ping-list|pingbacks?|trackbacks?|akismet.*
      | ad|ads|adsense|adsbygoogle|advert|advertisement|advertising|ad-slot|ad-container
      | ad-wrapper|ad-unit|google-ad.*|code-block-\d+|sponsored|sponsor|dfp.*
      | newsletter|subscribe|subscription|optin|opt-in|signup|sign-up|mailing-list
      | popup|modal|cookie.*|gdpr.*|consent.*|snackbar|lightbox
      | wp-block-buttons|wp-block-button|cta|cta-box|post-cta|call-to-action|block-cta.*
      | author-box|authorbox|saboxplugin-wrap|about-author|about-the-author|author-bio
      | author-info|author-card|post-author|entry-author|elementor-author-box
      | wp-block-post-author|ala-author.*|author-description|abh_box|m-a-box|author-details
      | author-profile|post-author-box|td-author-box|author-wrap|author-section
      | authors?-block|author-block
      | byline|entry-meta|post-meta|article-meta|posted-on|meta-info|post-info
      | screen-reader-text|sr-only|visually-hidden|print-only
      | tags|tag-links|cat-links|post-tags|entry-tags|entry-footer|post-footer
      | rating|star-rating|post-views|reading-time
    )(?!\S)""",
    re.VERBOSE,
)
#: The part of the chrome above that is never the article, however much text it holds: site
#: navigation, site headers and footers, comment threads (read by the comments step),
#: consent boxes. The rest (widgets, sidebars, tables of contents…) is kept when it holds
#: ``CHROME_CONTAINER_MIN_SHARE`` of the page's prose.
SITE_CHROME_TOKEN_RE = re.compile(
    r"""(?<!\S)(?:
        nav|navbar|navigation|menu|menus|main-menu|menu-item|breadcrumbs?|skip-link
      | site-header|site-footer|masthead|global-header|global-footer|page-footer|footer
      | comments|comments-area|comment-respond|respond|comment-form|commentform|disqus_thread
      | comment-list|commentlist|entry-comments|comments-list|nv-comments-wrap
      | entry-pings|ping-list|pingbacks?|trackbacks?|akismet.*
      | cookie.*|gdpr.*|consent.*
    )(?!\S)""",
    re.VERBOSE,
)
#: Substrings that mark chrome even inside longer, hashed or prefixed class names.
BOILERPLATE_SUBSTRING_RE = re.compile(
    r"sidebar|share-?buttons|social-?share|related-?(?:posts|articles|stories|reads)"
    r"|newsletter|comment-?respond|table-?of-?contents|adsbygoogle|advert|footer"
)
#: Tokens that protect an element from the class rules above (the article itself).
CONTENT_TOKEN_RE = re.compile(
    r"(?<!\S)(?:entry-content|post-content|article-content|article-body|articlebody|post-body"
    r"|the-content|blog-post-content|single-content|td-post-content|main-content|content)(?!\S)"
)

#: Headings of chrome blocks that carry no usable class: the heading and the link list or
#: short widget after it are dropped.
BOILERPLATE_HEADING_RE = re.compile(
    r"^(?:share this|share|like this|recent posts|related(?: posts| articles| stories| reads)?"
    r"|table of contents|contents|leave a (?:comment|reply)|you may also like|more stories"
    r"|read this next|read next|popular posts|more from .*|further reading.*|categories"
    r"|tags|archives|follow us|subscribe|about:?|sign up.*|join our .*|explore recent .*"
    r"|recently by .*|jump ahead|in this article|on this page)\s*:?$",
    re.IGNORECASE,
)
#: Short paragraphs that are chrome, not prose ("Related: <link>", affiliate disclosures).
BOILERPLATE_PARAGRAPH_RE = re.compile(
    r"^(?:(?:related|see also|also read|read more|read also|recommended|more|next)\s*:"
    r"|this (?:post|article|page) (?:may )?contains? affiliate links"
    r"|(?:as an amazon associate)|disclosure:|share this|table of contents"
    r"|\[[a-z_]+\])",
    re.IGNORECASE,
)
#: Only paragraphs shorter than this are candidates for the paragraph rule above.
BOILERPLATE_PARAGRAPH_MAX_CHARS = 300
#: A theme's placeholder text, left in a widget nobody filled in; never an author's.
PLACEHOLDER_TEXT_RE = re.compile(r"^\s*lorem ipsum\b", re.IGNORECASE)

#: Teaser runs (related posts, popular posts): at least ``MIN_TEASERS`` titles of
#: ``TEASER_TITLE_MIN_CHARS`` to ``TEASER_TITLE_MAX_CHARS`` (article titles, not the short
#: names of a list's entries) that are links (``TEASER_TITLE_MIN_LINK_DENSITY`` of their
#: text), each followed by up to ``TEASER_MAX_EXTRAS`` blocks (category, date, excerpt,
#: thumbnail) of at most ``TEASER_EXTRA_MAX_CHARS``; a heading of at most
#: ``TEASER_LABEL_MAX_CHARS`` right before the run introduces it.
MIN_TEASERS = 3
#: A card of a grid of posts closes with a link to read on: "Read article", "Read more",
#: "Continue reading", "View post" (at most ``CARD_LINK_MAX_CHARS``).
READ_ON_RE = re.compile(
    r"^(?:read|continue reading|view|see)\b(?:\s+(?:the\s+)?(?:more|article|post|story|"
    r"full\s+(?:article|post|story)|now))?\s*[›»→>.…]*$",
    re.IGNORECASE,
)
CARD_LINK_MAX_CHARS = 40
TEASER_TITLE_MIN_CHARS = 25
TEASER_TITLE_MAX_CHARS = 160
TEASER_TITLE_MIN_LINK_DENSITY = 0.8
TEASER_MAX_EXTRAS = 3
TEASER_EXTRA_MAX_CHARS = 300
TEASER_LABEL_MAX_CHARS = 60
#: A run holding this share of the content's text is a round-up article, not teasers.
TEASER_MAX_SHARE = 0.3

#: Above this share of link text a list or paragraph is a link farm (menus, "Recent Posts").
MAX_LINK_DENSITY = 0.75

#: Bare text in a ``<div>`` (outside ``<p>``, with ``<br>`` and inline markup) scores as a
#: paragraph from this many visible characters on (a sentence, not a menu label), on pages
#: holding this many times more bare text than paragraph text (their editor writes no
#: ``<p>``)...
MIN_BARE_TEXT_CHARS = 80
BARE_TEXT_PAGE_RATIO = 2
#: ...and elsewhere only from this many on (an article body in one ``<div>``; the bare text
#: of teaser cards and captions is far shorter).
LONG_BARE_TEXT_CHARS = 1000

#: Hidden elements (``hidden``, ``aria-hidden="true"``, an inline ``display: none`` or
#: ``visibility: hidden``) holding this share of the page's prose (a hidden copy of the
#: article, a hidden panel; not a collapsed accordion section) do not count when the
#: content is chosen...
HIDDEN_DISCOUNT_MIN_SHARE = 0.2
#: (Inline styles are tested with ``HIDDEN_STYLE_RE``, shared with the title step below.)
#: ...unless that would leave less than this share of the page's prose visible.
HIDDEN_MIN_VISIBLE_SHARE = 0.25

#: When descending to the main content, a child holding at least this share of its parent's
#: paragraph text replaces the parent.
CONTENT_DESCEND_SHARE = 0.75
#: The same share below an element the theme marks as the post's content.
MARKED_CONTENT_DESCEND_SHARE = 0.9
#: An element that only *may* be chrome (``<aside>``, ``<footer>``, a class merely containing
#: "sidebar") is kept when it holds this share of the page's paragraph text.
CONTENT_CONTAINER_MIN_SHARE = 0.5
#: An element classed as chrome (not site chrome) is kept when it holds this share: no real
#: widget or table of contents holds a fifth of a page's prose, but article wrappers do.
CHROME_CONTAINER_MIN_SHARE = 0.2

#: Text before the title heading that is still page furniture (breadcrumbs, category labels,
#: a date line) and goes with the title. More than this is the article itself when the title
#: heads less than ``TITLE_MAX_TRAILING_SHARE`` of that much text (the "title" is then an
#: ``<h1>`` in a box after the article); a short article under a long menu heads more.
TITLE_MAX_LEADING_CHARS = 500
TITLE_MAX_TRAILING_SHARE = 0.25

#: A heading before the article's first prose that reads as a sentence is its standfirst
#: (the deck under the headline that news and magazine themes set as an ``<h2>``), not a
#: section: one ending like a sentence with at least ``STANDFIRST_MIN_WORDS`` words, or one
#: of ``STANDFIRST_LONG_WORDS`` words whatever its end. Section headings are short phrases
#: and end without a full stop; a question ("What is …?") stays a heading.
STANDFIRST_MIN_WORDS = 8
STANDFIRST_LONG_WORDS = 20

#: How many levels the content may widen to take in an FAQ rendered beside it, and the
#: share of the wider element's text the content must keep.
FAQ_CLIMB_LEVELS = 4
FAQ_CLIMB_MIN_SHARE = 0.5
#: Longest heading read as an FAQ's ("Frequently asked questions about balcony tomatoes").
MAX_FAQ_HEADING_CHARS = 80
FAQ_MARKUP_XPATH = etree.XPath(
    'boolean(descendant-or-self::details | descendant-or-self::*[contains(@itemtype, "FAQPage")'
    ' or contains(@itemtype, "schema.org/Question")]'
    ' | descendant-or-self::*[contains(@class, "schema-faq")'
    ' or contains(@class, "rank-math-faq")])'
)

#: iframes from these hosts are kept as embeds; every other iframe is dropped.
EMBED_URL_RE = re.compile(
    r"^(?:https?:)?//(?:www\.)?(?:youtube(?:-nocookie)?\.com|youtu\.be|player\.vimeo\.com"
    r"|vimeo\.com|open\.spotify\.com|w\.soundcloud\.com|(?:www\.)?tiktok\.com)/",
    re.IGNORECASE,
)

#: React streaming SSR: hidden ``<div id="S:n">`` blocks hold content that a script swaps in
#: for ``<template id="B:n">`` placeholders; without scripts we do the swap ourselves.
STREAMED_SEGMENT_XPATH = etree.XPath('//div[@hidden][starts-with(@id, "S:")]')
STREAMED_PLACEHOLDER_XPATH = etree.XPath('//template[starts-with(@id, "B:")]')

# --------------------------------------------------------------------------------------------
# Block structure
# --------------------------------------------------------------------------------------------

HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})
#: Tags that end a run of inline content.
BLOCK_TAGS = frozenset(
    [
        "address",
        "article",
        "aside",
        "blockquote",
        "details",
        "dialog",
        "dd",
        "div",
        "dl",
        "dt",
        "fieldset",
        "figcaption",
        "figure",
        "footer",
        "form",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hgroup",
        "hr",
        "li",
        "main",
        "nav",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "ul",
        "summary",
        "iframe",
        "img",
        "video",
        "audio",
        "picture",
        "center",
    ]
)
#: A ``<figure>`` with more prose than this outside its caption, quote and table (paragraphs,
#: lists, headings) is walked as a container, not taken as one picture or table.
FIGURE_MAX_PROSE_CHARS = 500
#: A ``<table>`` whose cells hold this much prose (paragraphs, lists, headings) lays out
#: the page: its cells are walked as containers instead of becoming one table block.
LAYOUT_TABLE_MIN_PROSE_CHARS = 500
#: Containers whose children are walked (their own text becomes paragraphs).
CONTAINER_TAGS = frozenset(
    [
        "div",
        "section",
        "article",
        "main",
        "header",
        "footer",
        "span",
        "center",
        "font",
        "body",
        "html",
        "hgroup",
    ]
)

# --------------------------------------------------------------------------------------------
# Metadata
# --------------------------------------------------------------------------------------------

JSONLD_XPATH = etree.XPath('//script[@type="application/ld+json"]')
ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "techarticle",
        "scholarlyarticle",
        "socialmediaposting",
        "liveblogposting",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "webpage",
        "medicalwebpage",
        "howto",
        "recipe",
        "review",
        "itempage",
        "aboutpage",
        "collectionpage",
    }
)
#: ``@type`` values that describe the page's main article (preferred over ``WebPage``).
PRIMARY_ARTICLE_TYPES = ARTICLE_TYPES - {"webpage", "itempage", "collectionpage", "aboutpage"}

META_TITLE_KEYS = ("og:title", "twitter:title", "title", "parsely-title", "dc.title")
#: ``<meta>`` names and properties of the published date, most specific first (after
#: htmldate's list, without its loosest entries such as ``meta`` and ``timestamp``).
META_PUBLISHED_KEYS = (
    "article:published_time",
    "og:article:published_time",
    "og:published_time",
    "article:published",
    "datepublished",
    "date_published",
    "published_time",
    "publish_date",
    "publish-date",
    "published_date",
    "published-date",
    "publishdate",
    "publication_date",
    "pubdate",
    "parsely-pub-date",
    "sailthru.date",
    "citation_publication_date",
    "citation_date",
    "dc.date.issued",
    "dc.date.created",
    "dcterms.created",
    "dcterms.issued",
    "dcterms.date",
    "dc.date",
    "dc.created",
    "article.published",
    "article.created",
    "originalpublicationdate",
    "displaydate",
    "published",
    "date",
)
#: ``<meta>`` names and properties of the updated date.
META_MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "og:modified_time",
    "og:article:modified_time",
    "datemodified",
    "modified_time",
    "updated_time",
    "article:modified",
    "last-modified",
    "lastmodified",
    "dc.date.modified",
    "dcterms.modified",
    "dc.modified",
    "article.updated",
    "lastmod",
    "modified",
    "updated",
)
META_AUTHOR_KEYS = ("author", "article:author", "parsely-author", "dc.creator", "sailthru.author")

#: Heading classes that mark the displayed title when a page has no usable ``<h1>``.
TITLE_CLASS_RE = re.compile(
    r"(?:^|[-_])(?:entry|post|article|page|hero|blog|single)[-_]?(?:title|headline)(?:$|[-_])"
    r"|^(?:title|headline)$",
    re.IGNORECASE,
)
#: ``<h1>`` elements that are site logos rather than the article title.
LOGO_TOKEN_RE = re.compile(
    r"(?:^|[-_])(?:logo|site-title|site-logo|site-branding|brand|branding)(?:$|[-_])"
)
#: Separators between the headline and the site name in ``<title>``.
TITLE_SITE_SEPARATOR_RE = re.compile(r"\s+[|\-–—•·»:]\s+(?!.*\s[|\-–—•·»]\s)[^|]{2,60}$")
#: Minimum token overlap for an ``<h1>``/``<h2>`` to be taken as matching the metadata title.
TITLE_MATCH_THRESHOLD = 0.5
#: Below this overlap with every metadata title, a page's only ``<h1>`` is not its headline
#: (a section label, a call to action, the blog's name).
TITLE_UNRELATED_THRESHOLD = 0.2
#: ...unless that title is shorter than this (then it names the site or the blog).
MIN_HEADLINE_WORDS = 3
#: Headings longer than this are not a headline.
MAX_TITLE_CHARS = 300
#: Entities escaped twice by a CMS ("&amp;#x26;" shown as "&#x26;").
ESCAPED_ENTITY_RE = re.compile(
    r"&(?:#\d{2,5}|#x[0-9a-fA-F]{2,4}|amp|quot|lt|gt|nbsp|rsquo|lsquo|ndash|mdash);"
)
#: Inline styles and class tokens of blocks readers do not see (modals, popups).
HIDDEN_STYLE_RE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
HIDDEN_CONTAINER_TOKEN_RE = re.compile(
    r"^(?:modal|.*-modal|modal-.*|popup|.*-popup|popup-.*|hidden|d-none|is-hidden|lightbox.*"
    r"|offcanvas.*|drawer|.*-drawer)$"
)

#: A label that makes a visible date the updated one ("Last updated", "Reviewed on").
UPDATED_LABEL_RE = re.compile(r"updated|modified|revised|reviewed", re.IGNORECASE)

#: Years outside this range are not an article's date (copyright lines, typos, epoch zero).
MIN_DATE_YEAR = 1990
MAX_DATE_YEAR = 2100
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
#: A full date written out in a visible line: "Dec. 18, 2025", "18th of December 2025",
#: "2025-12-18", "2025/12/18", "18.12.2025", "12/18/2025".
DATE_TEXT_RE = re.compile(
    r"(?<![\w])(?:"
    rf"(?P<mname>{_MONTH})\.?\s+(?P<mday>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<myear>\d{{4}})"
    rf"|(?P<dday>\d{{1,2}})(?:st|nd|rd|th)?(?:\s+of)?\s+(?P<dname>{_MONTH})\.?,?\s+"
    r"(?P<dyear>\d{4})"
    r"|(?P<iyear>\d{4})(?P<isep>[-/.])(?P<imonth>\d{1,2})(?P=isep)(?P<iday>\d{1,2})"
    r"|(?P<nfirst>\d{1,2})(?P<nsep>[./-])(?P<nsecond>\d{1,2})(?P=nsep)(?P<nyear>\d{4})"
    r")(?![\w])",
    re.IGNORECASE,
)
#: A machine-readable date with a day ("2025-12-18", "2025-12-18T09:30:00Z").
ISO_DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}")
#: Cheap test for a year in a text before the date regular expression runs.
YEAR_HINT_RE = re.compile(r"(?:19|20)\d\d")
#: A label before a visible date.
DATE_LABEL_RE = re.compile(
    r"(?:last\s+)?(?:updated|modified|revised|reviewed|published|posted|written|released"
    r"|date)(?:\s+(?:on|at))?(?:\s+the)?\s*:?\s*$",
    re.IGNORECASE,
)
#: What a date line may hold besides the date without ceasing to be one: labels, "by",
#: times of day, reading times.
DATE_LINE_NOISE_RE = re.compile(
    r"(?:last\s+)?(?:updated|modified|revised|reviewed|published|posted|written|released"
    r"|date|on|at|by)\b|\d{1,2}:\d{2}(?:\s*[ap]\.?m\.?)?|\d+\s*min(?:ute)?s?(?:\s+read)?"
    r"|\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b|read(?:ing)?\s+time",
    re.IGNORECASE,
)
#: A date line longer than this is prose, not a byline.
MAX_DATE_LINE_CHARS = 120
#: ...and one with more than this many other words (an author's name, a category) too.
MAX_DATE_LINE_OTHER_WORDS = 6
#: Class/id tokens of elements whose text is a date.
DATE_CLASS_TOKEN_RE = re.compile(
    r"date|time(?!line)|publish|posted|updated|modified|byline|post-meta|entry-meta"
    r"|article-meta|meta-info|dateline"
)
#: Class tokens (and ``itemprop``) of a date element that say which date it is; a
#: published class wins (WordPress marks a never-updated date "published updated").
PUBLISHED_CLASS_RE = re.compile(r"publish|posted|created|pubdate")
UPDATED_CLASS_RE = re.compile(r"updat|modif|changed")
#: A ``<p>`` this long after the headline is prose; plain-text dates after the
#: ``PROSE_PARAGRAPHS_BEFORE_BODY``-th (the first may be a standfirst above the byline) are
#: not the byline's.
PROSE_MIN_CHARS = 100
PROSE_PARAGRAPHS_BEFORE_BODY = 2
#: A second copy of this many blocks in a row, holding this much text, is a layout's or a
#: carousel's duplicate and is dropped (measured on WCXB dev: 3 and 600 dropped no text the
#: ground truth repeats; 400 dropped a comparison table's repeat of its sections).
REPEATED_RUN_MIN_BLOCKS = 3
REPEATED_RUN_MIN_CHARS = 600
#: How far one comparison of a copy with its original reads (a longer copy is dropped in
#: stretches this long).
REPEATED_RUN_MAX_BLOCKS = 200
#: A visible date within this many elements of the headline is the page's own date even
#: where structured data says otherwise; farther ones only fill a gap.
DATE_NEAR = 60
#: How far (elements, document order) before and after the headline dates are read.
DATE_WINDOW_BEFORE = 80
DATE_WINDOW_AFTER = 400
#: Headings after which a page shows other content (teasers of other posts, comments): no
#: date after them is the article's.
OTHER_CONTENT_HEADING_RE = re.compile(
    r"^(?:related\b.*|you (?:may|might) also (?:like|enjoy)(?: (?:these|this|the following))?"
    r"(?: (?:posts?|articles?|stories|reads|recipes|guides))?|more (?:stories|posts|articles"
    r"|from\b.*|like this|to read|in\b.*)|read (?:this )?next|(?:recent|popular|latest"
    r"|trending) (?:posts|articles|stories|news)|recommended.*|further reading|keep reading"
    r"|up next|\d+\s+(?:comments?|responses?|thoughts?|replies)\b.*|comments?|responses?"
    r"|leave a (?:comment|reply)|join the (?:discussion|conversation))\s*[:.…!]*$",
    re.IGNORECASE,
)
#: A date in the URL path: /2021/10/10/, /2021-10-10-slug, /20211010/.
URL_DATE_RE = re.compile(
    r"/(?P<year>(?:19|20)\d\d)[/-](?P<month>[01]?\d)[/-](?P<day>[0-3]?\d)(?:[/-]|$)"
)
#: How far (in elements, document order) after the headline a visible byline may be, and
#: how far before it (bylines above the headline).
BYLINE_WINDOW = 400
BYLINE_BEFORE = 80
#: Names credited within this many elements of each other in one byline are co-authors.
COAUTHOR_SPAN = 20
#: Author names that are placeholders rather than people or outlets.
AUTHOR_STOPWORDS_RE = re.compile(
    r"^(?:editor|editors|staff|guest|author|authors|user|unknown|anonymous|by|webmaster|root"
    r"|contributor|contributors|written by|about the author|view all posts.*|posts by.*"
    r"|see all|view all|read more|more|all posts|follow|(?:.*\s)?(?:bio|profile)|cite\b.*"
    r"|(?:.*\s)?admin(?:istrator)?(?:\s.*)?)$",
    re.IGNORECASE,
)
MAX_AUTHOR_NAME_CHARS = 80
MAX_AUTHOR_NAME_WORDS = 6
#: Cheap test for text or a link that may credit an author, before the credit rules run.
CREDIT_HINT_RE = re.compile(r"by\b|By\b|BY\b|uthor|riter|ontributor")
#: Raw ``class``/``id`` values that may mark an author, a byline or a date (searched once per
#: page, case-sensitive for speed; camelCase names hold these in lower case too).
META_MARK_RE = re.compile(
    r"author|Author|byline|Byline|by-line|writer|Writer|contributor|posted|creator|sersName"
    r"|date|Date|time|Time|publish|Publish|updat|Updat|modif|Modif|changed|meta|Meta"
)
#: Links that may lead to an author's page (the rules above then decide).
AUTHOR_LINK_XPATH = etree.XPath(
    "//a[contains(@href, 'author') or contains(@href, '/writer') or contains(@href, '/contrib')"
    " or contains(@href, '/people/') or contains(@href, '/profile') or contains(@href, '/staff/')"
    " or contains(@href, '/expert') or contains(@href, '/team/') or contains(@href, '/column')"
    " or contains(@href, '/reporter') or contains(@href, '/journalist')"
    " or contains(@href, '/byline')]"
)
#: Every element this far after the headline passes a cheap test for a byline or a date
#: (:mod:`importers.pipeline.extract.marks`); beyond it, up to ``BYLINE_WINDOW``, only marked ones.
SCAN_ALL_AFTER = 100
#: The cheap test: a year, "by", "author", "writer" in a text no longer than this.
TEXT_HINT_RE = re.compile(r"(?:19|20)\d\d|by\b|By\b|BY\b|uthor|riter|ontributor")
MAX_HINT_TEXT_CHARS = 600
#: Beyond ``SCAN_ALL_AFTER``, plain text is read only when labelled.
FAR_LABEL_RE = re.compile(
    r"[Ww]ritten [Bb]y|[Pp]osted (?:[Oo]n|[Bb]y)|[Pp]ublished (?:[Oo]n|[Bb]y)|^\s*By\s+[A-Z]"
)
#: Cheap test of a link before :data:`AUTHOR_HREF_RE`.
AUTHOR_HREF_HINT_RE = re.compile(
    r"author|writer|contrib|people|profile|staff|expert|team|column|reporter|journalist|byline"
)
#: A credit line longer than this is prose, not a byline.
MAX_CREDIT_LINE_CHARS = 150
#: Lines that credit an author: "By Ann Lee", "Written by: Ann Lee", "Author: Ann Lee" (not
#: "Reviewed by", "Photos by": reviewers and photographers are not the authors).
CREDIT_LINE_RE = re.compile(
    r"^(?:(?i:written|posted|published|reported|words|text|story|article|recipe|guide|review)"
    r"\s+)?(?i:by)\b\s*:?\s*(?:[^\W\d_a-z]|[\w.]+\s*$)"
    r"|^(?i:author|authors|writer|written by)\s*:?\s+[^\W\d_a-z]"
)
#: "This post was written by Ann Lee" inside a longer line.
#: (Case is ignored in the label only: under ``re.I`` the capital that starts the name would
#: match ``a-z`` too, and the pattern would never match.)
CREDIT_INLINE_RE = re.compile(r"\b(?i:written|authored|posted) (?i:by)\s+(?=[^\W\d_a-z])")
#: "… by Ann Lee" anywhere in a byline or post-meta line ("Last updated on June 8 by Ann").
META_LINE_BY_RE = re.compile(r"\b(?i:by)\s*:?\s+(?=[^\W\d_a-z])")
#: Class tokens of a byline or post-meta line.
BYLINE_LINE_CLASS_RE = re.compile(r"byline|by-line|entry-meta|post-meta|article-meta|meta-info")
#: Lower-case words that may appear inside a personal name.
_NAME_PARTICLES_TEXT = "van der den de la le du da di del von bin al ter y e"
NAME_PARTICLES = frozenset(_NAME_PARTICLES_TEXT.split())
#: A label alone in its element, the name following in the next one.
CREDIT_LABEL_ONLY_RE = re.compile(
    r"^(?:(?:written|posted|published|reported|words|text|story|article|recipe|guide|review)"
    r"\s+)?by\s*:?$|^(?:authors?|writer)\s*:?$",
    re.IGNORECASE,
)
#: The label opening a credit line.
CREDIT_LABEL_RE = re.compile(
    r"^\s*(?:(?:(?:written|posted|published|reported|words|text|story|article|recipe|guide"
    r"|review)\s+)?by\b\s*:?|(?:authors?|writer)\b\s*:?)\s*",
    re.IGNORECASE,
)
_CREDIT_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
#: What ends the names in a credit line: a separator, a date, "Updated …", a reading time.
CREDIT_END_RE = re.compile(
    r"\s+[|·•–—/]\s*|\s+-\s+|\s*\|\s*"
    r"|(?<=[a-z])(?=(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?\s+\d)"
    rf"|[\s,]*(?:\bon\s+)?(?:\b{_CREDIT_MONTH}\.?\s+\d|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_CREDIT_MONTH}\b"
    r"|\b\d{4}-\d{1,2}-\d{1,2}|\b\d{1,2}[/.]\d{1,2}[/.]\d{2,4})"
    r"|[\s,]*\b(?:last\s+)?(?:updated|published|posted|modified|reviewed|fact[- ]checked"
    r"|edited)\b|[\s,]*\b\d+\s*min(?:ute)?s?\b|[\s,;]*\bin\s*(?:[;,]|$|\s(?=[A-Z]))"
    r"|[\s,]*\b(?:on\s+)?(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|nesday|sday|urday)?"
    r"\b\.?,?\s+(?=\d|" + _CREDIT_MONTH + r")",
    re.IGNORECASE,
)
#: Separators between the parts of a credit line ("Ann Lee, MD; Bo Chen").
CREDIT_PART_RE = re.compile(r"\s*[,;]\s*")
#: Separators between two people in one part ("Ann Lee and Bo Chen", "A & B", "A with B").
CREDIT_AND_RE = re.compile(r"\s+(?:and|with)\s+|\s*&\s*|\s+\+\s+", re.IGNORECASE)
#: A credit label after other parts of a line ("Sections; By Ann Lee").
LATER_CREDIT_LABEL_RE = re.compile(r";\s*(?:(?:written|posted)\s+)?by\b\s*:?\s*", re.IGNORECASE)
#: Characters trimmed from the ends of a name.
NAME_STRIP_CHARS = " \t,;:|-–—·•\"'“”’‘"
#: A word of a credential after a name: "MD", "Ph.D.", "E-RYT", "200", "DVM".
CREDENTIAL_WORD_RE = re.compile(r"^(?:[A-Z0-9][A-Z0-9.\-®+()]*|[A-Za-z]+\.(?:[A-Za-z]+\.)*)$")
#: Words that make the rest of a credit a role, not a name ("Senior Writer", "Contributor").
_ROLE_WORDS_TEXT = """
    advisor analyst assistant associate ceo cfo chief coach columnist consultant
    contributing contributor coo coordinator correspondent cto dietitian director editor
    engineer expert founder co-founder cofounder former freelance head journalist lead
    manager nutritionist officer president producer professor reporter researcher
    reviewer scientist senior specialist strategist writer certified licensed registered
"""
ROLE_WORDS = frozenset(_ROLE_WORDS_TEXT.split())
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
URL_IN_TEXT_RE = re.compile(r"https?://\S+|www\.\S+")
#: Links to an author's page: /author/ann-lee, /authors/ann, /people/ann, ?author=ann.
AUTHOR_HREF_RE = re.compile(
    r"/(?:author|authors|writers?|contributors?|people|profiles?|staff|experts?|columnists?|team"
    r"|reporters?|journalists?|byline|bylines)/[^/?#]+/?(?:[?#].*)?$|[?&]author=\w",
    re.IGNORECASE,
)
#: Class tokens of an element holding an author's name, and tokens that rule it out (the
#: author's photo, bio, role or the box around them).
AUTHOR_NAME_CLASS_RE = re.compile(
    r"author|byline|by-line|writer|contributor|posted-?by|creator|users?-?name"
)
#: A class token naming the name itself ("author-box__name", "article__author-name").
NAME_TOKEN_RE = re.compile(r"(?:^|[-_]|author)(?:name|fn)$")
#: The hash a CSS-module build appends to class names ("authorName__N6j3Y").
CSS_HASH_RE = re.compile(r"_{1,2}[a-z0-9]{5}$")
NOT_AUTHOR_NAME_CLASS_RE = re.compile(
    r"bio|desc|avatar|image|img|photo|pic|social|follow|date|time|title|role|job|position"
    r"|label|icon|count|more|list|posts|article|links?$|about|box|card|comment|media|credit"
    r"|caption|edit|history|modal|tag|categor|topic"
)
#: Descendants of a credit whose text is not a name (dates, roles, tags, avatars' initials).
NOT_CREDIT_PART_CLASS_RE = re.compile(
    r"date|time|title|role|job|position|tag|categor|topic|avatar|initials|count|label|icon"
    r"|social|follow|bio|desc|sr-only|screen-reader|visually-hidden"
)
#: Credit parts joined with a space, not kept apart: after "By", "and", ",", "&"…; before
#: "and", ",", "&"…
CREDIT_JOIN_AFTER_RE = re.compile(r"(?:\b(?:by|and|with)|[,&:+])$", re.IGNORECASE)
CREDIT_JOIN_BEFORE_RE = re.compile(r"^(?:(?:and|with)\b|[,&+])", re.IGNORECASE)
#: Labels of people credited with something other than writing.
OTHER_CREDIT_LABEL_RE = re.compile(
    r"\b(?:reviewed|fact[- ]?checked|checked|edited|tested|photo(?:graph)?s?|photographed"
    r"|illustrat\w*|produced|narrated|translated|video|images?|verified)\s+by\s*:?\s*$",
    re.IGNORECASE,
)
#: Yoast's ``twitter:labelN`` that names the author in ``twitter:dataN``.
WRITTEN_BY_LABEL_RE = re.compile(r"^(?:written by|author)$", re.IGNORECASE)

# --------------------------------------------------------------------------------------------
# Author box
# --------------------------------------------------------------------------------------------

AUTHOR_BOX_TOKEN_RE = re.compile(
    r"^(?:saboxplugin-wrap|author-box|authorbox|about-author|about-the-author|author-bio"
    r"|author-info|author-card|elementor-author-box|wp-block-post-author|ala-author"
    r"|author-details|author-profile|post-author-box|td-author-box|abh_box|m-a-box"
    r"|author-wrap|entry-author|author-section|authors?-block|author-block)$"
)
#: Cheap prefilter for :data:`AUTHOR_BOX_TOKEN_RE`, searched in the raw ``class`` attribute
#: (an ``id`` containing "author" or an ``itemtype`` containing "Person" also qualifies);
#: the tokens are checked one by one after.
AUTHOR_BOX_CLASS_RE = re.compile(r"author|sabox|abh_|m-a-box")
AUTHOR_BIO_TOKEN_RE = re.compile(
    r"(?:^|[-_])(?:desc|description|bio|biography|about|author-content|text)(?:$|[-_])"
)
AUTHOR_NAME_TOKEN_RE = re.compile(r"(?:^|[-_])(?:name|fn|title|authorname)(?:$|[-_])")
#: A bio shorter than this is a name card, not a biography.
MIN_BIO_CHARS = 40
#: Links in author boxes that are not profile links.
NON_PROFILE_LINK_RE = re.compile(r"gravatar\.com|/wp-admin|#|mailto:|javascript:", re.I)

# --------------------------------------------------------------------------------------------
# Listicles
# --------------------------------------------------------------------------------------------

_ITEM_WORDS = (
    r"reason|tip|step|way|sign|rule|rank|no|number|item|day|week|part|lesson|idea|trick|hack"
    r"|mistake|secret|habit|fact|thing|method|option|strategy|benefit|question|example|point"
    r"|product|pick|stage|phase|level|chapter|trend|place|book|tool|app|recipe|quote|myth"
)
#: Words naming a listicle's items ("Reason", "Tip", "Step"), as a heading's number prefix.
ITEM_WORDS = _ITEM_WORDS
#: Number prefixes of listicle headings. Each alternative yields ``num`` and ``rest``.
#: A bare leading number needs punctuation ("1.", "1)", "1:", "1 –") so that a count
#: ("10 Reasons Why…") is not read as item 10.
NUMBER_PREFIX_RES = (
    # "1. Foo", "1) Foo", "1: Foo", "#1. Foo", "1.) Foo"
    re.compile(r"^#?\s*(?P<num>\d{1,3})\s*(?:\.\)|[.):])(?!\d)\s*(?P<rest>\S.*)$"),
    # "#1 Foo", "#1 – Foo", "№ 3 Foo"
    re.compile(r"^(?:#|№|nº)\s*(?P<num>\d{1,3})\b\s*[-–—:.]?\s*(?P<rest>\S.*)$", re.I),
    # "Reason 1: Foo", "Tip #3 – Foo", "No. 1 Foo", "Step 2 - Foo", "Tip 3 of 7: Foo"
    re.compile(
        rf"^(?:{_ITEM_WORDS})s?\.?\s*(?:#|№)?\s*(?P<num>\d{{1,3}})\b(?:\s*(?:of|/)\s*\d{{1,3}}\b)?"
        r"\s*[-–—:.)]?\s*(?P<rest>\S.*)$",
        re.I,
    ),
    # "1 – Foo", "1 - Foo"
    re.compile(r"^(?P<num>\d{1,3})\s+[-–—]\s+(?P<rest>\S.*)$"),
    # "ᐊ 1 ᐅ Foo", "(1) Foo", "[1] Foo", "« 1 » Foo"
    re.compile(r"^[ᐊ(\[«‹<]\s*(?P<num>\d{1,3})\s*[ᐅ)\]»›>]\s*[-–—:.]?\s*(?P<rest>\S.*)$"),
    # "1️⃣ Foo": a keycap emoji (digit, optional variation selector, combining keycap)
    re.compile(r"^(?P<num>\d{1,2})\ufe0f?\u20e3\s*[-–—:.]?\s*(?P<rest>\S.*)$"),
    # "01 Foo": a zero-padded number needs no punctuation, since no count is written so
    re.compile(r"^(?P<num>0\d)\s+(?P<rest>[^\W\d_].*)$"),
)
#: A title promising a round-up without counting it ("The Best Trail Running Shoes", "Top
#: Espresso Machines for Small Kitchens"): "best"/"top" before a plural noun. With it, picks
#: written to one template make a listicle with no number anywhere (a "Best practices"
#: guide is no round-up).
_NOT_IN_A_NOUN_PHRASE = r"(?!(?:of|for|to|in|on|at|by|with|and|or|the|a|an|is|are)\b)"
ROUNDUP_TITLE_RE = re.compile(
    r"\b(?:best|top)\b(?!\s+practi[cs]es?\b)"
    rf"(?=(?:\s+{_NOT_IN_A_NOUN_PHRASE}[\w’'&/-]+){{0,4}}?\s+{_NOT_IN_A_NOUN_PHRASE}"
    # (or an acronym's plural: "Best EVs", "Top TVs")
    r"(?:[\w’'-]{3,}s|(?-i:[A-Z]{2,}s))\b)",
    re.IGNORECASE,
)
#: A heading that gives a round-up's pick its award: "Best EV Overall: Ford Mustang",
#: "The best budget earbuds: CMF Buds", "Most Reliable EV: …", "Top pick: …".
AWARD_HEADING_RE = re.compile(
    r"^(?P<award>(?:the\s+|our\s+)?(?:(?:best|top|most)\b[^:]{0,80}|[^:]{0,40}\bpick)):"
    r"\s+(?P<pick>\S.*)$",
    re.IGNORECASE,
)
#: Item numbers above this are years or prices, not positions.
MAX_ITEM_NUMBER = 150
#: Shortest numbered run taken as a listicle ("numbered steps of two" are not).
MIN_LISTICLE_ITEMS = 3
#: Largest gap in numbering that still continues a run (a skipped number is a warning).
MAX_NUMBER_GAP = 2
#: Share of a run's steps that must be +1 or -1 (a page that lost an item or two still has
#: a third of its steps in order; a forum numbering every other post has none).
MIN_CONSECUTIVE_SHARE = 0.3
#: Without a count in the title, numbered runs must cover this share of the content text
#: (FAQ sections left out)...
MIN_LISTICLE_COVERAGE = 0.5
#: Items numbered beside their headings (a rank badge, an <ol>) make a listicle without a
#: count in the title when every item has at least this many sub-headings in common.
MIN_TEMPLATE_SUBHEADINGS = 2
#: ...or a smaller share when numbered headings are most of the page's headings (step
#: guides with short steps and many images).
MIN_LISTICLE_COVERAGE_WITH_HEADINGS = 0.3
MIN_NUMBERED_HEADING_SHARE = 0.5
#: ...or this share for picks written to one template under a round-up title
#: (:data:`ROUNDUP_TITLE_RE`), which follow with a buying guide (a deals page's few
#: templated offers are far less).
MIN_ROUNDUP_COVERAGE = 0.15
#: Longest heading-like label (bold lead-in, summary) taken as an item heading.
MAX_LEAD_IN_CHARS = 160
#: Share of ``<li>`` elements that must open with a bold lead-in for the list to count.
MIN_LEAD_IN_SHARE = 0.8
#: Trailing headings of a product round-up that are not one more item ("Honorable mentions",
#: "Other options we tested", "Bonus picks"): left out when the item count is checked.
EXTRA_ITEMS_HEADING_RE = re.compile(
    r"^(?:(?:honou?rable|notable)\s+mentions?|other\s+(?:[\w-]+\s+){0,3}(?:we\s+(?:tested|tried|liked)"
    r"|to\s+consider|worth\s+considering)|other\s+options|runners?[-\s]up"
    r"|bonus(?:\s+\w+)?|also\s+consider(?:ed)?|the\s+competition"
    r"|what\s+else\s+we\s+(?:tested|tried))"
    r"\b",
    re.IGNORECASE,
)
#: A sub-heading numbered as an outline ("2.1", "9.3.") marks a numbered *document* (a
#: specification, a manual): its numbered sections are chapters, not listicle items.
OUTLINE_NUMBER_RE = re.compile(r"^(?P<major>\d{1,3})\.\d{1,3}\b")
#: A numbered paragraph ("<p>3. <strong>Label</strong> text</p>", "<p>3. Label</p>") is an
#: item label when its label part is at most this long (the rest of a longer paragraph is
#: its body).
MAX_NUMBERED_PARAGRAPH_LABEL_CHARS = 120
#: Longest text line read as a round-up template's sub-heading ("Where Ledgerly excels:").
MAX_TEMPLATE_LABEL_CHARS = 60
#: A numbered document has at least this many outline-numbered sub-headings.
MIN_OUTLINE_HEADINGS = 2
#: "Label: text" list items with no bold lead-in; the label is short and has no sentence end.
COLON_LEAD_IN_RE = re.compile(r"^(?P<label>[^:.!?]{2,80}):\s+\S")
#: An inline style's font weight, and the weights that are bold.
FONT_WEIGHT_RE = re.compile(r"font-weight\s*:\s*(?P<weight>\w+)", re.IGNORECASE)
BOLD_WEIGHTS = frozenset({"bold", "bolder", "600", "700", "800", "900"})
#: Inline styles of a centred paragraph (a product name as a centred link between sections).
CENTRED_STYLE_RE = re.compile(r"text-align\s*:\s*center", re.IGNORECASE)
#: A block that is only a rank badge ("7", "#7", "No. 7"), drawn before an item's heading.
RANK_BADGE_RE = re.compile(r"^(?:#|№|no\.?|rank)?\s*(?P<num>\d{1,3})\s*\.?$", re.IGNORECASE)
#: A label that numbers the item after it in words an editor chooses ("Step 3", "Tip #3",
#: "3 of 8", "Slide 3/8"): unlike a bare rank badge (forums number posts, listings rank
#: cards), it is written for a reader following a sequence. ``total`` is the count it gives.
ITEM_LABEL_RE = re.compile(
    rf"^(?:(?:{_ITEM_WORDS}|slide|photo|image|entry)s?\.?\s*(?:#|№)?\s*(?P<num>\d{{1,3}})"
    r"(?:\s*(?:of|/)\s*(?P<total>\d{1,3}))?"
    r"|(?P<cnum>\d{1,3})\s*(?:of|/)\s*(?P<ctotal>\d{1,3}))\s*[.:]?$",
    re.IGNORECASE,
)

_NUMBER_WORDS = [
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
    "twenty",
]
NUMBER_WORDS = {w: i + 1 for i, w in enumerate(_NUMBER_WORDS)} | {
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "hundred": 100,
}
#: Ordinals that number headings ("First: Label", "Second – Label").
ORDINAL_WORDS = {
    word: position
    for position, word in enumerate(
        [
            "first",
            "second",
            "third",
            "fourth",
            "fifth",
            "sixth",
            "seventh",
            "eighth",
            "ninth",
            "tenth",
            "eleventh",
            "twelfth",
            "thirteenth",
            "fourteenth",
            "fifteenth",
            "sixteenth",
            "seventeenth",
            "eighteenth",
            "nineteenth",
            "twentieth",
        ],
        start=1,
    )
}
#: The count a title promises: "13 Ways To…", "Top Nine Tips", "Top 10: Best…".
TITLE_COUNT_RE = re.compile(
    r"(?:\btop\s+(?P<top>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\b(?!\s*(?:%|percent))"
    r"|(?<![\d.,$£€#])\b(?P<num>\d{1,3}|" + "|".join(_NUMBER_WORDS) + r")\b"
    r"(?!\s*(?:%|percent|years?|months?|weeks?|days?|hours?|minutes?|mins?|seconds?|am|pm"
    r"|x\b|k\b|\+|/|\.\d|,\d|-\w))"
    r"(?=(?:\s+[\w’'&/-]+){0,4}?\s+[\w’'-]{3,}s\b))",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------------
# FAQs
# --------------------------------------------------------------------------------------------

FAQ_HEADING_RE = re.compile(
    r"\bfaqs?\b|frequently[\s-]+asked|common(?:ly asked)?\s+questions"
    r"|questions\s+(?:and|&)\s+answers|\bq\s*&\s*a\b|people\s+also\s+ask|your\s+questions",
    re.IGNORECASE,
)
QUESTION_RE = re.compile(r"\?\s*$")
#: A run of question headings with no FAQ heading must have at least this many questions.
MIN_QUESTION_RUN = 2
#: Longest plain paragraph taken as a question under an FAQ heading (accordion toggles and
#: ``<label>``/``<div>`` questions arrive as plain paragraphs once their widget is gone).
MAX_QUESTION_CHARS = 200
#: Class tokens of an FAQ or accordion widget: plugins' own names ("schema-faq",
#: "rank-math-block"), any "<prefix>-faq" container ("wp-block-aioseo-faq",
#: "aioseo-faq-block") and page builders' accordion and toggle widgets. (Any
#: "<prefix>-accordion" would also match sidebars' and menus' collapsible boxes, and the
#: content would widen to take them in.) A widget counts only when question and answer
#: elements are found inside it.
_WIDGET_PREFIX = r"(?:[a-z0-9]+[-_])*"
FAQ_WIDGET_TOKEN_RE = re.compile(
    r"^(?:schema-faq|wp-block-yoast-faq-block|rank-math-block|rank-math-faq|rank-math-list"
    r"|wp-block-rank-math-faq-block|ub_faq.*|sc_fs_faq|helpie-faq.*|ultimate-faqs?|accordion"
    rf"|{_WIDGET_PREFIX}faqs?(?:[-_](?:list|block|section|wrapper|wrap|container|widget))?"
    r"|(?:wp-block-kadence|elementor|et_pb|vc)[-_](?:accordion|toggle))$"
)
#: Widget tokens that name no FAQ, only a collapsible box that may hold anything.
GENERIC_ACCORDION_TOKEN_RE = re.compile(r"accordion|toggle")
#: (Not "<prefix>-toggle-button": an accordion's "Expand all" / "Collapse all" controls.)
FAQ_QUESTION_TOKEN_RE = re.compile(
    r"^(?:faq-q|faq-bhead|question|accordion-button|accordion-toggle"
    rf"|{_WIDGET_PREFIX}question"
    rf"|{_WIDGET_PREFIX}(?:accordion|toggle|faq)[-_]?(?:title|header|heading|trigger|head))$"
)
FAQ_ANSWER_TOKEN_RE = re.compile(
    r"^(?:faq-a|answer"
    rf"|{_WIDGET_PREFIX}answer"
    rf"|{_WIDGET_PREFIX}(?:accordion|toggle|faq|tab)[-_]?(?:content|body|panel|collapse))$"
)
FAQ_ITEM_TOKEN_RE = re.compile(
    r"^(?:schema-faq-section|rank-math-list-item|faq-row"
    rf"|{_WIDGET_PREFIX}(?:accordion|toggle|faq)[-_]?(?:item|entry|pane))$"
)

# --------------------------------------------------------------------------------------------
# Sections
# --------------------------------------------------------------------------------------------

CONCLUSION_HEADING_RE = re.compile(
    r"^(?:in\s+)?conclusions?\b|^final\s+(?:thoughts|words|verdict|take)|^the\s+bottom\s+line"
    r"|^bottom\s+line|^wrapping\s+(?:it\s+)?up|^to\s+(?:sum|wrap)\s+(?:it\s+)?up|^in\s+summary"
    r"|^summary$|^closing\s+thoughts|^key\s+takeaways?$|^over\s+to\s+you|^the\s+verdict",
    re.IGNORECASE,
)

# --------------------------------------------------------------------------------------------
# Comments
# --------------------------------------------------------------------------------------------

COMMENT_LIST_TOKEN_RE = re.compile(
    r"^(?:comment-list|commentlist|comments-list|nv-comments-list|wp-block-comment-template"
    r"|comment-template|comments__list|comment-list-wrap)$"
)
COMMENT_ITEM_TOKEN_RE = re.compile(
    r"^(?:comment|wp-block-comment|review|thread-even|pingback"
    r"|trackback)$"
)
PINGBACK_TOKEN_RE = re.compile(r"^(?:pingback|trackback|type-pingback|type-trackback)$")
COMMENT_AUTHOR_TOKEN_RE = re.compile(
    r"^(?:fn|comment-author-name|wp-block-comment-author-name|comment-author|author-name"
    r"|commenter|comment-author-link|says-author)$"
)
COMMENT_BODY_TOKEN_RE = re.compile(
    r"^(?:comment-content|comment-text|wp-block-comment-content|comment-body-text"
    r"|comment-entry|comment_text|commenttext)$"
)
COMMENT_CHILDREN_TOKEN_RE = re.compile(r"^(?:children|child-comments|replies|comment-replies)$")
COMMENT_CHROME_TOKEN_RE = re.compile(
    r"^(?:reply|comment-reply-link|comment-metadata|comment-meta|comment-author|vcard"
    r"|comment-awaiting-moderation|comment-actions|wp-block-comment-reply-link|avatar"
    r"|comment-arrow|says|edit-link|comment-edit-link)$"
)
#: Tags of comment lists; their ``class`` must contain "comment" (then checked by token).
COMMENT_LIST_TAGS = frozenset({"ol", "ul", "div"})
#: ``itemtype`` of schema.org comment microdata.
SCHEMA_COMMENT_ITEMTYPE = "schema.org/Comment"

# --------------------------------------------------------------------------------------------
# Images
# --------------------------------------------------------------------------------------------

#: Lazy-loading attributes that hold the real image URL, best first.
IMAGE_SRC_ATTRS = ("data-src", "data-lazy-src", "data-original", "data-orig-file", "src")
#: Tiny images outside figures (tracking pixels, icons) are not content.
MIN_IMAGE_DIMENSION = 24
PLACEHOLDER_IMAGE_RE = re.compile(r"^data:|spacer|blank\.gif|pixel\.gif|lazy[-_]?load", re.I)
