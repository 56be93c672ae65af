from wagtail.admin.panels import FieldPanel
from wagtail.api import APIField
from wagtail.fields import RichTextField
from wagtail.models import Page

from advice_blocks.api_fields import FrontendRichTextField


class HomePage(Page):
    """The example site's front page: lists the articles below it."""

    intro = RichTextField(blank=True)
    content_panels = Page.content_panels + [FieldPanel("intro")]
    subpage_types = ["advice_blocks.AdviceIndexPage", "advice_blocks.AdviceArticlePage"]

    def get_context(self, request, *args, **kwargs):
        from advice_blocks.models import AdviceArticlePage

        context = super().get_context(request, *args, **kwargs)
        context["articles"] = (
            AdviceArticlePage.objects.descendant_of(self).live().public().order_by("title")
        )
        return context


class BaselineArticlePage(Page):
    """The benchmarks' baseline: an article's whole content in one rich-text field.

    ``make bench`` compares the API and page rendering of an ``AdviceArticlePage`` with
    this page holding the same text (see ``benchmarks/pages_bench.py``). Not creatable
    in the admin.
    """

    body = RichTextField(blank=True)

    content_panels = Page.content_panels + [FieldPanel("body")]
    # Display HTML (internal links resolved), as the article's rich text is served.
    api_fields = [APIField("body", serializer=FrontendRichTextField())]
    template = "home/baseline_article_page.html"
    is_creatable = False
