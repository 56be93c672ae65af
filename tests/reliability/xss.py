"""Cross-site-scripting vectors and the checks that find them alive in HTML or JSON.

The vectors are the classic families (script tags, event handlers, ``javascript:``/
``data:``/``vbscript:`` URLs, SVG and MathML, malformed and nested tags, entity and
whitespace tricks in URL schemes, breaking out of attributes, titles and scripts). The
checks parse the output, as a browser would, and report anything that could run.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from lxml import etree
from lxml import html as lxml_html

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<script>/*</script><script>alert(1)//*/</script>",
    "<<script>alert(1);//<</script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '"><script>alert(1)</script>',
    "'><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "</style><script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<IMG SRC=JaVaScRiPt:alert(1)>",
    "<img src=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)>",
    '<img src="jav&#x09;ascript:alert(1)">',
    '<img src=" &#14;  javascript:alert(1);">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<img src="x` `<script>alert(1)</script>"` `>',
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">x</text></a></svg>',
    "<svg><animate onbegin=alert(1) attributeName=x dur=1s>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<math href="javascript:alert(1)">x</math>',
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="https://www.youtube.com/embed/x" onload="alert(1)"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<object data="data:text/html,<script>alert(1)</script>"></object>',
    '<embed src="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">',
    '<a href="javascript:alert(1)">click</a>',
    '<a href="JAVASCRIPT:alert(1)">click</a>',
    '<a href=" javascript:alert(1)">click</a>',
    '<a href="java\tscript:alert(1)">click</a>',
    '<a href="jav&#x0A;ascript:alert(1)">click</a>',
    '<a href="&#x6A;avascript:alert(1)">click</a>',
    '<a href="&#1;javascript:alert(1)">click</a>',
    '<a href="javascript&colon;alert(1)">click</a>',
    '<a href="vbscript:msgbox(1)">click</a>',
    '<a href="data:text/html,<script>alert(1)</script>">click</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">click</a>',
    '<a href="#" onclick="alert(1)">click</a>',
    '<a href="https://ok.example/" onmouseover="alert(1)">ok</a>',
    '<a href="https://ok.example/"><svg/onload=alert(1)>x</a>',
    '<a href="https://ok.example/" style="background:url(javascript:alert(1))">ok</a>',
    '<div style="background:url(javascript:alert(1))">x</div>',
    '<div style="width: expression(alert(1))">x</div>',
    '<p style="behavior: url(x.htc)">x</p>',
    '<form action="javascript:alert(1)"><button>go</button></form>',
    '<button formaction="javascript:alert(1)">go</button>',
    "<input onfocus=alert(1) autofocus>",
    "<details open ontoggle=alert(1)>x</details>",
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<xss id=x tabindex=1 onfocusin=alert(1)></xss>",
    '<div onpointerover="alert(1)">x</div>',
    '<base href="javascript:alert(1)//">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<link rel=stylesheet href="javascript:alert(1)">',
    "<style>@import 'javascript:alert(1)';</style>",
    '<style>*{background:url("javascript:alert(1)")}</style>',
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<isindex type=image src=1 onerror=alert(1)>",
    '<!--<img src="--><img src=x onerror=alert(1)//">',
    "<![CDATA[<script>alert(1)</script>]]>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    '<p title="x" onclick="alert(1)" class=x>x</p>',
    "<b onmouseover=alert(1)>bold</b>",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "&amp;lt;script&amp;gt;alert(1)&amp;lt;/script&amp;gt;",
    "\\u003cscript\\u003ealert(1)\\u003c/script\\u003e",
    "<a href='javascript:alert(1)'>a <b>nest <i><a href='javascript:alert(2)'>x</a></i></b></a>",
    "<ul><li><a href=javascript:alert(1)>list link</a></li></ul>",
    "<blockquote cite=javascript:alert(1)>quote</blockquote>",
    "<h2 onclick=alert(1)>heading</h2>",
]

#: Payloads for places that only take a URL (links, canonical, author and commenter sites).
URL_VECTORS = [
    "javascript:alert(1)",
    "JaVaScRiPt:alert(1)",
    " javascript:alert(1)",
    "java\tscript:alert(1)",
    "&#106;avascript:alert(1)",
    "vbscript:msgbox(1)",
    "data:text/html,<script>alert(1)</script>",
    "data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==",
    'https://ok.example/" onmouseover="alert(1)',
    "https://ok.example/'><script>alert(1)</script>",
]

#: Element names that must not appear (in imported or submitted content, or anywhere in an
#: API HTML field); the page template's own JSON-LD script, style and form are allowed.
FORBIDDEN_TAGS = {
    "script",
    "svg",
    "math",
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "form",
    "style",
    "link",
    "meta",
    "template",
    "noscript",
    "isindex",
    "input",
    "button",
    "textarea",
    "select",
    "video",
    "audio",
    "marquee",
}
URL_ATTRIBUTES = {
    "href",
    "src",
    "action",
    "formaction",
    "data",
    "poster",
    "background",
    "cite",
    "longdesc",
    "lowsrc",
    "dynsrc",
    "ping",
    "srcset",
    "codebase",
    "archive",
    "xlink:href",
    "{http://www.w3.org/1999/xlink}href",
}
#: Browsers drop these before reading a URL's scheme ("java\tscript:" is "javascript:").
_IGNORED_IN_SCHEME = re.compile(r"[\x00-\x20\x7f-\x9f]+")
_DOCUMENT_TAG_HANDLER = re.compile(rb"<(?:body|html|head)\b[^>]*?[\s/]on[a-z]+\s*=", re.I)
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:", "mocha:")


def dangerous_url(value: str) -> bool:
    compact = _IGNORED_IN_SCHEME.sub("", value).lower()
    return compact.startswith(DANGEROUS_SCHEMES)


def _problems(element, where: str, allowed) -> Iterator[str]:
    for node in element.iter(etree.Element):
        tag = node.tag if isinstance(node.tag, str) else ""
        local = tag.rsplit("}", 1)[-1].lower()
        if local in FORBIDDEN_TAGS and not allowed(node):
            yield f"{where}: <{local}> element: {_snippet(node)}"
        for name, value in node.attrib.items():
            lowered = name.lower()
            if lowered.startswith("on"):
                yield f"{where}: event handler {name}={value!r} on <{local}>"
            elif lowered in URL_ATTRIBUTES and dangerous_url(value):
                yield f"{where}: {name}={value!r} on <{local}>"
            elif lowered == "srcdoc":
                yield f"{where}: srcdoc on <{local}>"
            elif lowered == "style" and re.search(
                r"expression\(|url\(|javascript:|behavior", value, re.I
            ):
                yield f"{where}: style={value!r} on <{local}>"
            elif lowered == "http-equiv" and value.lower() == "refresh":
                yield f"{where}: meta refresh"


def _snippet(node) -> str:
    return etree.tostring(node, encoding=str, with_tail=False)[:120]


def page_problems(content: bytes, where: str, comment_action: str) -> list[str]:
    """Everything executable in a rendered article page, bar the template's own parts."""
    root = lxml_html.document_fromstring(content)
    head = root.find("head")

    def template_part(node):
        """In the head, or placed by the article template just before the article."""
        if node.getparent() is head:
            return True
        following = node.getnext()
        while following is not None and following.tag in ("script", "link"):
            following = following.getnext()
        return following is not None and "advice-article" in (following.get("class") or "")

    def allowed(node):
        local = node.tag.lower()
        if local == "script":
            # The JSON-LD: inert data, and it must stay valid JSON.
            if node.get("type") != "application/ld+json":
                return False
            json.loads(node.text or "")
            return template_part(node)
        if local == "link":
            # The package's own stylesheets, from its static files.
            href = node.get("href") or ""
            return (
                node.get("rel") == "stylesheet"
                and href.startswith("/static/advice_blocks/css/")
                and template_part(node)
            )
        if local in ("style", "meta"):
            return node.getparent() is head and not node.get("http-equiv")
        if local == "form":
            return node.get("action") == comment_action
        if local in ("input", "textarea", "button"):
            form = next(node.iterancestors("form"), None)
            return form is not None and form.get("action") == comment_action
        return False

    problems = list(_problems(root, where, allowed))
    # A second <body> or <html> tag lends its attributes to the real one in a browser,
    # while lxml drops it: look for handlers on those tags in the raw text as well.
    if _DOCUMENT_TAG_HANDLER.search(content):
        problems.append(f"{where}: event handler on a <body>/<html>/<head> tag")
    scripts = root.xpath("//script")
    if len(scripts) != 1:
        problems.append(f"{where}: {len(scripts)} <script> elements, expected the JSON-LD one")
    return problems


#: API keys whose string values are HTML (rich text) rather than plain text or data.
HTML_KEYS = {"intro", "bio", "body", "answer"}
URL_KEYS = {"url", "website", "html_url", "detail_url", "src", "href"}


def api_problems(data, where: str) -> list[str]:
    """Executable HTML in rich-text fields, or dangerous URLs, anywhere in an API response."""
    problems: list[str] = []

    def walk(value, key, path, block_type=None):
        if isinstance(value, dict):
            kind = value.get("type") if isinstance(value.get("type"), str) else block_type
            for child_key, child in value.items():
                if child_key == "json_ld":
                    continue  # data for search engines, checked on the page as JSON
                walk(child, child_key, f"{path}.{child_key}", kind)
        elif isinstance(value, list):
            for index, child in enumerate(value):
                walk(child, key, f"{path}[{index}]", block_type)
        elif isinstance(value, str):
            if key in HTML_KEYS or (key == "value" and block_type == "paragraph"):
                for fragment in lxml_html.fragments_fromstring(f"<div>{value}</div>"):
                    if isinstance(fragment, str):
                        continue
                    problems.extend(_problems(fragment, f"{where} {path}", lambda node: False))
            if key in URL_KEYS and dangerous_url(value):
                problems.append(f"{where} {path}: dangerous URL {value!r}")

    walk(data, None, "$")
    return problems
