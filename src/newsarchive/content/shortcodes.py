"""Other generators' template tags in an article's text, translated as the generator rendered them.

A site migrated from Jekyll, Eleventy, Hugo or Pelican keeps its articles' text as written, and that text
holds its old generator's tags: ``{{ site.baseurl }}`` before a link, ``{% image "team.jpg" "The team" %}``
where a picture was, ``{{< figure src=... >}}``. Published as text, they show as code and break links.
They are translated when an article is read (its facts and its page alike), by **text substitution
only**: no template engine runs on an article's text, nothing in it is executed, and what a substitution
makes (Markdown, a link, an image) goes through the same Markdown renderer and sanitizer as the rest of
the text: a hostile argument stays inert.

Recognised (``TAGS`` below, and the docs' migration page):

- Jekyll / Liquid: ``{{ site.baseurl }}`` and ``{{ site.url }}`` (nothing: the link becomes the old
  site's root-relative address), ``{% post_url NAME %}`` (``NAME.md``: a link to that article's file,
  which the build points at its page), ``{% link PATH %}`` (``/PATH``; a post's file: its file),
  ``{% raw %}...{% endraw %}`` (the text between, as written, never translated),
  ``{% highlight LANG %}...{% endhighlight %}`` (a fenced code block);
- Eleventy: ``{% image "SRC" "ALT" %}`` (an image);
- Hugo: ``{{< figure src="..." alt="..." caption="..." >}}`` (an image, its caption below it),
  ``{{< youtube ID >}}`` and ``{{< vimeo ID >}}`` (a link to the video: no script, no frame),
  ``{{< tweet user="NAME" id="ID" >}}`` (a link to the post), ``{{< ref "x.md" >}}`` and ``relref`` (the
  file, which the build points at its page), and paired wrappers such as ``{{% note %}}...{{% /note %}}``
  (their text kept, the tags left out); ``{{% ... %}}`` as ``{{< ... >}}``;
- Pelican: ``{filename}`` and ``{static}`` before a link (the link becomes root-relative to content/).

A site maps its own tags once in ``newsarchive.yaml`` (``shortcodes: {NAME: TEXT}``, where ``{0}``,
``{1}``... are the tag's arguments in order and ``{src}``, ``{alt}``... its named ones): a mapping wins
over the built-in one. Any other tag is kept as text, and the loader warns on its line (``unknown``),
naming the tag and how to map it.
"""

from __future__ import annotations

import re
import shlex
from collections.abc import Mapping

RULES = 1  # the version of these rules (the loader's key): articles are read again when they change

# {{ site.baseurl }}, {{site.url}}: Liquid's site variables written before links
_SITE_VARIABLE = re.compile(r"\{\{-?\s*site\.(?:baseurl|url)\s*-?\}\}")
_PELICAN = re.compile(r"(?<=[(\"'<\s])\{(?:filename|static|attach)\}(/[^\s)\"'<>]*)")
# pairs of tags, each found by its own pattern (``_paired``: one pass, however many are left open)
_RAW = (re.compile(r"\{%-?\s*raw\s*-?%\}"), re.compile(r"\{%-?\s*endraw\s*-?%\}"))
_HIGHLIGHT = (re.compile(r"\{%-?\s*highlight\s+([\w+#.-]+)[^%\n]*?-?%\}\n?"),
              re.compile(r"\n?\{%-?\s*endhighlight\s*-?%\}"))
# Hugo's way to write a shortcode as text: {{</* figure */>}} shows {{< figure >}}
_HUGO_ESCAPED = (re.compile(r"\{\{([<%])/\*"), re.compile(r"\*/([>%])\}\}"))
# a Liquid tag {% name args %}, a Hugo shortcode {{< name args >}} or {{% name args %}} (or their closing
# {{< /name >}}); Liquid's output {{ ... }} other than the site variables is text (it is common in code)
_TAG = re.compile(r"\{%-?\s*(?P<liquid>[A-Za-z_][\w-]*)(?P<largs>[^%\n]*?)\s*-?%\}"
                  r"|\{\{<\s*(?P<close>/?)\s*(?P<hugo>[A-Za-z_][\w./-]*)(?P<hargs>[^{}]{0,2000}?)\s*>\}\}"
                  r"|\{\{%\s*(?P<close2>/?)\s*(?P<hugo2>[A-Za-z_][\w./-]*)(?P<hargs2>[^{}]{0,2000}?)\s*%\}\}")
_WRAPPERS = frozenset({"note", "warning", "tip", "info", "hint", "alert", "callout", "admonition", "caution",
                       "important", "details", "notice", "aside", "highlight-box", "quote", "center"})
_ID = re.compile(r"^[\w-]+$")
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//)")  # https:, data:, //host


def translate(body: str, mapped: Mapping[str, str] | None = None,
              folder: str = "") -> tuple[str, list[tuple[int, str]]]:
    """The body of an article in content/``folder`` with the tags it recognises translated, and the tags
    it does not, as (line index in the body, the tag as written), in order. Cheap for a body with no
    ``{``."""
    if "{" not in body:
        return body, []
    kept: list[str] = []
    # what stands for a part set aside: a private-use character the text does not hold (any text may hold
    # NUL or any other one), its number, its line breaks (so that lines are still counted right)
    mark = "\ue000" if "\ue000" not in body else _unused(body)

    def keep_text(part: str) -> str:  # set aside (its line breaks kept), put back at the end as written
        kept.append(part)
        return f"{mark}{len(kept) - 1}" + "\n" * part.count("\n") + mark

    def keep(match: re.Match) -> str:  # {% raw %}...{% endraw %}
        return keep_text(match.group(1))

    text = body  # (a text holding every private-use character has nothing set aside: its raw tags warned)
    if mark is not None and "endraw" in text:
        text = _paired(text, *_RAW, lambda opened, inner, closed: keep_text(inner))
    if mark is not None and "/*" in text:
        text = _paired(text, *_HUGO_ESCAPED, lambda opened, inner, closed: keep_text(
            f"{{{{{opened.group(1)}{inner}{closed.group(1)}}}}}"))
    text = _SITE_VARIABLE.sub("", text)
    text = _PELICAN.sub(lambda m: _from(folder, m.group(1)), text) if "}/" in text else text
    if "endhighlight" in text:
        text = _paired(text, *_HIGHLIGHT, lambda opened, inner, closed: f"```{opened.group(1)}\n{inner}\n```")
    unknown: list[tuple[int, str]] = []
    lines = [0, 0]  # (position, line index) of the last tag found: lines counted once, in one pass

    def tag(match: re.Match) -> str:
        if match.group("liquid"):
            name, args, closing = match.group("liquid"), match.group("largs"), False
        elif match.group("hugo"):
            name, args, closing = match.group("hugo"), match.group("hargs"), bool(match.group("close"))
        else:
            name, args, closing = match.group("hugo2"), match.group("hargs2"), bool(match.group("close2"))
        done = _mapped(name, args, mapped) if not closing and mapped and name in mapped else None
        if done is None:
            done = _builtin(name, args.strip(), closing, folder)
        if done is None:
            lines[1] += text.count("\n", lines[0], match.start())
            lines[0] = match.start()
            unknown.append((lines[1], match.group()))
            return match.group()
        return done

    text = _TAG.sub(tag, text)
    if kept:
        text = re.sub(f"{mark}(\\d+)\n*{mark}", lambda m: kept[int(m.group(1))], text)
    return text, unknown


def _unused(text: str) -> str | None:
    """A private-use character that ``text`` does not hold (the characters it holds looked at once)."""
    held = set(text)
    return next((chr(code) for code in range(0xE000, 0xF900) if chr(code) not in held), None)


def _paired(text: str, opener: re.Pattern, closer: re.Pattern, make) -> str:
    """``text`` with each opener ... closer pair replaced by ``make(opener's match, the text between,
    closer's match)``, in one pass from the start: an opener left without a closer, and all after it,
    stay as written (a regular expression with ``.*?`` between would search to the end of the text
    again for each opener left open: quadratic time on a hostile file)."""
    out, position = [], 0
    while (opened := opener.search(text, position)) is not None:
        closed = closer.search(text, opened.end())
        if closed is None:
            break
        out += [text[position:opened.start()], make(opened, text[opened.end():closed.start()], closed)]
        position = closed.end()
    out.append(text[position:])
    return "".join(out)


def _arguments(args: str) -> tuple[list[str], dict[str, str]]:
    """A tag's arguments: positional ones in order, and ``name=value`` ones (quoted as the shell quotes)."""
    try:
        words = shlex.split(args)
    except ValueError:  # an unbalanced quote: words as written
        words = args.split()
    positional, named = [], {}
    for word in words:
        key, equals, value = word.partition("=")
        if equals and re.fullmatch(r"[A-Za-z_][\w-]*", key):
            named[key.lower()] = value
        else:
            positional.append(word)
    return positional, named


def _mapped(name: str, args: str, mapped: Mapping[str, str]) -> str | None:
    positional, named = _arguments(args)
    try:
        return mapped[name].format(*positional, **named)
    except (IndexError, KeyError, ValueError):
        return None  # the mapping asks for an argument the tag does not give: warned as unknown


def _escape(text: str) -> str:
    """Text inside Markdown's ``[...]`` or ``![...]``: its brackets and backslashes escaped."""
    return re.sub(r"([\\\[\]])", r"\\\1", " ".join(text.split()))


def _destination(url: str) -> str:
    """A link destination as Markdown reads it whatever it holds (spaces, parentheses)."""
    url = url.strip()
    if re.search(r"[\s()<>\\]", url) is None:
        return url
    return "<" + re.sub(r"[<>\n\r\\]", "", url) + ">"


def _from(folder: str, path: str) -> str:
    """A link from an article of content/``folder`` to ``path``, relative to content/ (``/2018/x.md``):
    relative, so that the build finds the file (and an article's file: its page) under any base path."""
    import posixpath

    if _EXTERNAL.match(path):
        return path
    relative = posixpath.relpath("/" + path.lstrip("/"), "/" + folder) if folder else path.lstrip("/")
    return relative + ("/" if path.endswith("/") and not relative.endswith("/") else "")


def _builtin(name: str, args: str, closing: bool, folder: str = "") -> str | None:
    lowered = name.lower()
    if lowered in _WRAPPERS:
        return ""  # {{% note %}}...{{% /note %}}: the text between stays
    if closing:
        return None
    positional, named = _arguments(args)
    first = positional[0] if positional else ""
    if lowered == "post_url" and first:
        return first.strip("/") + ".md"
    if lowered == "link" and first:  # a path from the site's root (Jekyll's source folder: content/ here)
        return _from(folder, first)
    if lowered in ("ref", "relref") and (first or named.get("path")):
        target = first or named["path"]
        return _from(folder, target) if target.startswith("/") else target
    if lowered == "image" and first:  # Eleventy's image shortcode: src (from the site's root), alt
        alt = positional[1] if len(positional) > 1 else named.get("alt", "")
        src = first if _EXTERNAL.match(first) or first.startswith(("./", "../")) else _from(folder, first)
        return f"![{_escape(alt)}]({_destination(src)})"
    if lowered == "figure" and named.get("src"):
        caption = named.get("caption") or named.get("title") or ""
        src = _from(folder, named["src"]) if named["src"].startswith("/") else named["src"]
        image = f"![{_escape(named.get('alt') or caption)}]({_destination(src)})"
        return f"{image}\n\n*{_escape(caption)}*" if caption else image
    video = named.get("id") or first
    if lowered == "youtube" and _ID.match(video):
        return f"[YouTube video {video}](https://www.youtube.com/watch?v={video})"
    if lowered == "vimeo" and _ID.match(video):
        return f"[Vimeo video {video}](https://vimeo.com/{video})"
    if lowered in ("tweet", "twitter", "x"):
        user, post = named.get("user", ""), named.get("id") or first
        if _ID.match(post or "-") and post and (not user or _ID.match(user)):
            return f"[Post {post}](https://twitter.com/{user or 'i/web'}/status/{post})"
    return None
