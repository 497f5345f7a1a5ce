"""``bodies.read_body`` without a build: a context (the content folder, its tree, the load options, the
articles' URLs) and an article read for its facts are all it needs."""

from __future__ import annotations

import pytest

from newsarchive.content.bodies import read_body, with_body
from newsarchive.content.loader import LoadOptions, load_article, render_body
from newsarchive.content.tree import scan
from newsarchive.context import ReadContext
from newsarchive.errors import BuildFailed
from newsarchive.pages.render import Page

REL = "2018/03/2018-03-26-storm.md"
TEXT = """---
title: Storm hits the harbour
source: The Harbour Gazette
date: 2018-03-26
language: en
---
The storm *hit* the harbour. See [the ferries](2018-03-27-ferries.md).
"""
OTHER = "2018/03/2018-03-27-ferries.md"


def _context_and_article(tmp_path, urls=None):
    content = tmp_path / "content"
    (content / "2018" / "03").mkdir(parents=True)
    (content / REL).write_text(TEXT, encoding="utf-8")
    (content / OTHER).write_text(TEXT.replace("Storm hits", "Ferries leave"), encoding="utf-8")
    tree = scan(content)
    context = ReadContext(content, tree, LoadOptions(), urls)
    article, problems = load_article((content / REL).read_bytes(), REL, tree.defaults_for(REL),
                                     context.load_options, with_body=False)
    assert article is not None and article.body_html == "" and not [p for p in problems if p.is_error]
    return context, article


def test_read_body_renders_the_text_of_an_article_read_for_its_facts(tmp_path):
    urls = {OTHER: "/2018/03/27/ferries-leave-the-harbour/"}
    context, article = _context_and_article(tmp_path, urls)
    body = read_body(context, article)
    assert "<em>hit</em>" in body
    assert "ferries-leave-the-harbour" in body  # a link to another article, through the context's URLs
    assert body == render_body((context.content_dir / REL).read_bytes(), article, LoadOptions(), urls)


def test_read_body_refuses_a_file_changed_since_its_facts_were_read(tmp_path):
    context, article = _context_and_article(tmp_path)
    (context.content_dir / REL).write_text(TEXT + "An added sentence.\n", encoding="utf-8")
    with pytest.raises(BuildFailed) as failed:
        read_body(context, article)
    assert failed.value.problems[0].message == "changed while the site was being built"


def test_with_body_keeps_the_bodies_feeds_show_in_its_context(tmp_path):
    context, article = _context_and_article(tmp_path)
    page = Page("/2018/03/26/storm/", "article.html", {"article": article})
    shown = with_body(context, page)
    assert "<em>hit</em>" in shown.context["article"].body_html
    assert context.kept_bodies == {}  # an article page alone keeps nothing; feeds keep what they show
