// The example front end's preview page: Wagtail's Preview opens
// preview.html?content_type=…&token=… (wagtail-headless-preview), and this asks the API's
// page_preview endpoint for the draft stored under that token and renders it.
//
// Text from the API goes in with textContent; the fields the API gives as HTML (intro,
// paragraphs, reasons, answers, bios) are the site's own rich text, rendered as the site
// renders it, and go in as HTML.
"use strict";

(function () {
    const status = document.querySelector("[data-preview-status]");
    const article = document.querySelector("[data-preview-article]");

    function element(tag, attributes, children) {
        const node = document.createElement(tag);
        for (const [name, value] of Object.entries(attributes || {})) {
            if (value !== null && value !== undefined && value !== "") {
                node.setAttribute(name, value);
            }
        }
        for (const child of children || []) {
            node.append(child);
        }
        return node;
    }

    function text(tag, value, attributes) {
        const node = element(tag, attributes);
        node.textContent = value || "";
        return node;
    }

    function html(tag, value, attributes) {
        const node = element(tag, attributes);
        node.innerHTML = value || "";
        return node;
    }

    function picture(image, alt) {
        if (!image) {
            return document.createTextNode("");
        }
        const renditions = image.renditions || {};
        const rendition = renditions.medium || Object.values(renditions)[0];
        if (!rendition) {
            return document.createTextNode("");
        }
        return element("img", {
            src: rendition.url,
            width: rendition.width,
            height: rendition.height,
            alt: alt || image.alt || "",
        });
    }

    function figure(image, alt, caption) {
        const children = [picture(image, alt)];
        if (caption) {
            children.push(text("figcaption", caption));
        }
        return element("figure", {}, children);
    }

    const blocks = {
        paragraph: (value) => html("div", value, { class: "paragraph" }),
        heading: (value) => text(value.level || "h2", value.text, { id: value.anchor }),
        image: (value) => figure(value.image, value.alt_text, value.caption),
        quote: (value) =>
            element("blockquote", {}, [
                text("p", value.text),
                value.attribution ? text("footer", value.attribution) : "",
            ]),
        embed: (value) =>
            element("p", {}, [text("a", value.url, { href: value.url, rel: "noopener" })]),
        listicle: (value) =>
            element("section", { class: "listicle" }, [
                text("h2", value.heading),
                html("div", value.intro),
                element(
                    "ol",
                    {},
                    value.items.map((item) =>
                        element("li", { id: item.anchor, value: item.number }, [
                            element("h3", {}, [
                                text("span", item.number + ".", { class: "reason-number" }),
                                item.heading,
                            ]),
                            item.image ? figure(item.image, "", item.caption) : "",
                            html("div", item.body),
                        ])
                    )
                ),
            ]),
        faq: (value) =>
            element("section", { class: "faq" }, [
                text("h2", value.heading),
                ...value.items.map((item) =>
                    element("div", { id: item.anchor }, [
                        text("h3", item.question),
                        html("div", item.answer),
                    ])
                ),
            ]),
        author_bio: (value) =>
            value.author
                ? element("aside", { class: "author-bio" }, [
                      picture(value.author.photo, value.author.name),
                      text("p", value.author.name, { class: "author-name" }),
                      html("div", value.author.bio),
                  ])
                : "",
    };

    function render(page) {
        const names = (page.authors || []).map((author) => author.name);
        const children = [text("h1", page.title)];
        if (names.length) {
            children.push(text("p", "By " + names.join(", "), { class: "byline" }));
        }
        children.push(html("div", page.intro, { class: "intro" }));
        for (const block of page.body || []) {
            const draw = blocks[block.type];
            if (draw) {
                children.push(draw(block.value));
            }
        }
        article.replaceChildren(...children);
        article.hidden = false;
        document.title = "Preview: " + page.title;
    }

    function fail(message) {
        status.dataset.state = "error";
        status.textContent = message;
    }

    async function load() {
        const query = new URLSearchParams(window.location.search);
        const token = query.get("token");
        if (!token) {
            fail("This page shows previews: open it from Wagtail's Preview.");
            return;
        }
        const apiRoot = document.querySelector('meta[name="advice-api-root"]').content;
        const url = new URL("page_preview/", new URL(apiRoot, window.location.href));
        url.search = new URLSearchParams({
            content_type: query.get("content_type") || "",
            token: token,
        }).toString();
        let response;
        try {
            response = await fetch(url, { headers: { Accept: "application/json" } });
        } catch (error) {
            fail("The preview could not be loaded: " + error.message);
            return;
        }
        if (!response.ok) {
            fail(
                response.status === 404
                    ? "This preview has expired: preview the page again from Wagtail."
                    : "The preview could not be loaded (HTTP " + response.status + ")."
            );
            return;
        }
        render(await response.json());
        status.textContent = "Preview of a draft: readers do not see these changes yet.";
    }

    load();
})();
