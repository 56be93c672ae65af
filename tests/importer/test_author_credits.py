"""Who a page credits as its author: byline conventions on small team-written pages."""

from __future__ import annotations

from importers.pipeline import extract_article

from .conftest import PROSE


def article_page(byline: str, *, after: str = "", head: str = "", title: str = "") -> str:
    """A page with a headline, ``byline`` under it, a few paragraphs and ``after`` them."""
    title = title or "How to Grow Tomatoes on a Balcony"
    prose = "".join(f"<p>{PROSE}</p>" for _ in range(6))
    return (
        f"<!DOCTYPE html><html><head><title>{title}</title>{head}</head><body>"
        "<header><a href='/'>Garden Notes</a></header>"
        f"<main><article><h1>{title}</h1>{byline}<div class='entry-content'>{prose}</div>"
        f"</article>{after}</main><footer><p>Garden Notes</p></footer></body></html>"
    )


def credited(html: str) -> list[str]:
    article = extract_article(html.encode("utf-8"), "test.html")
    return [author.name for author in article.credited]


def test_reviewer_whose_label_is_inside_the_credit_element():
    byline = (
        "<div class='bylines'>"
        "<div class='byline-item'><span class='item-descriptor'>By</span> "
        "<a class='item-name' href='/about'>Ann Lee</a></div>"
        "<div class='byline-item'><span class='item-descriptor'>Reviewed by</span> "
        "<a class='item-name' href='/about'>Bo Chen</a></div></div>"
    )
    assert credited(article_page(byline)) == ["Ann Lee"]


def test_second_person_credited_after_a_reviewer_label():
    byline = (
        "<div class='authors'><p>By <a href='/author/ann-lee/'>Ann Lee</a></p>"
        "<p>Tested by <a href='/author/bo-chen/'>Bo Chen</a> and "
        "<a href='/author/cy-diaz/'>Cy Diaz</a></p></div>"
    )
    assert credited(article_page(byline)) == ["Ann Lee"]


def test_author_name_block_far_below_a_long_article():
    prose = "".join(f"<p>{PROSE} <em>one</em> <em>two</em></p>" for _ in range(150))
    after = (
        f"<section>{prose}</section>"
        "<div class='post-footer'><div class='wp-block-post-author-name'>Ann Lee</div></div>"
    )
    assert credited(article_page("", after=after)) == ["Ann Lee"]


def test_long_list_of_authors_each_in_its_own_markup():
    people = ["Ann Lee", "Bo Chen", "Cy Diaz", "Di Ford", "Ed Gray", "Flo Hart"]
    items = "".join(
        f"<span class='info__authors'><a href='/search?q={n}'><span>{n}</span></a>"
        "<sup><a href='#aff'>1</a></sup><span class='sep'>, </span>"
        "<span class='orcid'><a href='/orcid'><img src='/o.png' alt=''></a></span></span>"
        for n in people
    )
    assert credited(article_page(f"<div class='info'>{items}</div>")) == people


def test_contributors_label_before_the_name():
    byline = "<div class='tags'><div><strong>Contributors:</strong> Ann Lee</div></div>"
    assert credited(article_page(byline)) == ["Ann Lee"]


def test_newsroom_desk_beside_the_reporter_is_not_an_author():
    byline = "<div class='artByline'>Ann Lee, Metro Desk</div>"
    assert credited(article_page(byline)) == ["Ann Lee"]


def test_staff_credit_gives_way_to_the_person_the_metadata_names():
    head = (
        "<meta name='author' content='Ann Lee'>"
        "<meta name='twitter:label1' content='Written by'>"
        "<meta name='twitter:data1' content='Garden Notes Staff'>"
    )
    byline = "<div class='single-blog-author'>Garden Notes Staff</div>"
    assert credited(article_page(byline, head=head)) == ["Ann Lee"]


def test_staff_credit_stays_when_nobody_else_is_named():
    byline = "<div class='single-blog-author'>Garden Notes Staff</div>"
    assert credited(article_page(byline)) == ["Garden Notes Staff"]


def test_comment_count_in_the_byline_is_not_a_coauthor():
    byline = (
        "<div class='byline'><span class='article-authors'>By "
        "<a class='article-author' href='/person/ann'>Ann Lee</a></span>"
        "<a href='#comments'><span class='icon-comment'></span>21 comments</a></div>"
    )
    assert credited(article_page(byline)) == ["Ann Lee"]


AUTHOR_BOX = (
    "<div class='post-author-card'><img class='rounded-full' src='/ann.jpg' alt='Ann Lee'>"
    "<p>Ann Lee</p><p>Ann grows vegetables in small spaces and writes about it.</p></div>"
)


def test_name_alone_under_the_headline_that_the_author_box_shows_again():
    byline = "<div class='hero-meta'><p class='text-sm'>Ann Lee</p></div>"
    assert credited(article_page(byline, after=AUTHOR_BOX)) == ["Ann Lee"]


def test_name_alone_beside_its_portrait():
    byline = (
        "<div class='meta'><a href='/about'><img class='h-4 w-4' src='/ann.jpg' alt='Ann Lee'>"
        "<div>Ann Lee</div></a></div>"
    )
    assert credited(article_page(byline)) == ["Ann Lee"]


def test_name_alone_that_the_page_never_shows_as_an_author_is_not_a_byline():
    byline = "<div class='hero-meta'><p class='text-sm'>Ann Lee</p></div>"
    assert credited(article_page(byline)) == []


def test_tile_label_with_a_picture_is_not_a_byline():
    tiles = "".join(
        f"<a href='/c/{n}'><div><img src='/{n}.jpg' alt='{n}'></div>"
        f"<div><span class='grid__title'>{n}</span></div></a>"
        for n in ("Cherry Tomatoes", "Plum Tomatoes")
    )
    assert credited(article_page(f"<div class='grid'>{tiles}</div>")) == []


def test_name_after_a_person_icon_that_the_author_box_shows_again():
    byline = (
        "<div class='entry-meta'><ul><li><i class='bi bi-person'></i> Ann Lee</li>"
        "<li><i class='bi bi-clock'></i> <time datetime='2025-03-02'>March 2, 2025</time></li>"
        "</ul></div>"
    )
    after = "<div class='author-bio'><div><h4>Ann Lee</h4><p>Ann grows tomatoes.</p></div></div>"
    assert credited(article_page(byline, after=after)) == ["Ann Lee"]


def test_personal_blog_named_for_its_owner():
    head = "<meta property='og:site_name' content=\"Ann Lee's blog\">"
    assert credited(article_page("", head=head)) == ["Ann Lee"]


def test_site_name_without_an_owner_is_not_an_author():
    head = "<meta property='og:site_name' content='Garden Notes'>"
    assert credited(article_page("", head=head)) == []


def test_updated_by_credits_an_editor_not_the_author():
    byline = (
        "<div class='byline'><span class='byline-author'>By Ann Lee</span>"
        "<span class='author-name'><span class='contributors'>Updated by "
        "<span class='byline-name__item'><a href='/people/bo-chen/'>Bo Chen</a></span>"
        "</span></span></div>"
    )
    assert credited(article_page(byline)) == ["Ann Lee"]


def test_commenters_are_not_coauthors():
    byline = (
        "<div class='post-footer'><span class='posted'>Posted by Ann Lee at "
        "<a href='/p/1'>10:30 AM</a></span></div>"
    )
    comments = "".join(
        f"<div class='comments-body'><p>{PROSE}</p></div>"
        f"<div class='comments-post'>Posted by {name} at <a href='#c{n}'>9:00 PM</a></div>"
        for n, name in enumerate(["Bo Chen", "Cy Diaz"])
    )
    assert credited(article_page(byline, after=comments)) == ["Ann Lee"]


def test_name_after_an_avatar_under_the_headline():
    byline = (
        "<p class='meta'>Dec 26, 2025 • <img class='avatar avatar-xs' src='/a.jpg' alt=''> "
        "Ann Lee in <a href='/category/tomatoes'>Tomatoes</a></p>"
    )
    assert credited(article_page(byline)) == ["Ann Lee"]


def test_written_by_inside_a_sentence_after_the_article():
    # The capital that starts the name must not be read case-blind: under re.I the
    # pattern's "not a lower-case letter" excluded every letter, and no such line matched.
    after = (
        "<div class='author-bio'>This post was written by Ann Lee,\n"
        "Head of Marketing and Community</div>"
    )
    assert credited(article_page("", after=after)) == ["Ann Lee"]


def test_written_by_a_linked_name_in_an_italic_note():
    byline = (
        "<p><em>This post was written by <a href='/providers/ann-lee'>Ann Lee, MD</a>, "
        "gardener, Garden Notes.</em></p>"
    )
    assert credited(article_page(byline)) == ["Ann Lee"]


def test_written_by_in_lower_case_prose_is_not_a_credit():
    byline = "<p><em>This post was written by hand, on a balcony, in spring.</em></p>"
    assert credited(article_page(byline)) == []


def test_the_site_credited_in_other_words_gives_way_to_the_person_in_the_metadata():
    head = (
        "<meta property='og:site_name' content='Garden Blog Posts by Green Acre'>"
        "<meta name='author' content='Ann Lee'>"
    )
    byline = "<p class='author'><a href='/blog/authors/green-acre/'>Green Acre Garden</a></p>"
    assert credited(article_page(byline, head=head)) == ["Ann Lee"]


def test_a_person_whose_name_is_in_the_site_name_stays_credited():
    head = "<meta property='og:site_name' content='Garden Notes by Ann Lee'>"
    byline = "<p class='author'><a href='/authors/ann-lee/'>Ann Lee</a></p>"
    assert credited(article_page(byline, head=head)) == ["Ann Lee"]


def test_an_author_page_link_named_for_its_listing_credits_the_name_on_the_card():
    byline = (
        "<div><div><p>Ann Lee</p><p>Garden Writer</p></div>"
        "<a class='button' href='/blog/authors/ann-lee'>Articles by Ann</a></div>"
    )
    assert credited(article_page(byline)) == ["Ann Lee"]


def test_view_all_posts_by_credits_the_name_after_the_label():
    byline = "<p><a href='/author/bo-chen/'>View all posts by Bo Chen</a></p>"
    assert credited(article_page(byline)) == ["Bo Chen"]


def test_a_team_beside_the_headline_gives_way_to_the_person_signing_the_article():
    byline = "<p class='meta'>By Team Garden Notes</p>"
    signed = "<p>Written by <a href='https://example.org/ann'>Ann Lee</a></p>"
    html = article_page(byline).replace("</div></article>", f"{signed}</div></article>")
    assert credited(html) == ["Ann Lee"]


def test_a_team_alone_stays_credited():
    assert credited(article_page("<p class='meta'>By Team Garden Notes</p>")) == [
        "Team Garden Notes"
    ]


def test_article_by_label_in_its_own_element_before_the_name():
    # The label as a heading of its own, the name in the next element (as "Written by" is).
    after = "<section class='credits'><h2>Article by</h2><div>Ann Lee</div></section>"
    assert credited(article_page("", after=after)) == ["Ann Lee"]


def test_review_by_label_alone_does_not_credit_a_reviewer_as_author():
    byline = "<div class='meta'><span>Reviewed by</span> <span>Bo Chen</span></div>"
    assert credited(article_page(byline)) == []
