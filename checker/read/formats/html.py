"""HTML reports: pages saved from government websites.

Such a page wraps the report in site navigation, breadcrumbs, share and print widgets, related links and a
footer with 版权所有/网站标识码/ICP备案. Only the article is the report: the loader finds its container
(the markup of the common government CMSs first, else the element holding the most Chinese text in
paragraphs), keeps the title as the first line, and reads the publishing metadata (发布日期, 成文日期,
发布机构, 索引号) from <meta> tags and the page's information table.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from dataclasses import dataclass

from checker.errors import InputError
from checker.read.formats.text import decode as decode_text
from checker.read.script import SIMPLIFIED, TRADITIONAL, detect_script, restore_map, to_simplified
from checker.read.source import SourceDocument, SourceLine

# Never part of an article, whatever the page does with them.
_DROP_TAGS = (
    "script, style, noscript, template, nav, header, footer, iframe, frame, form, button, select, input, "
    "textarea, svg, canvas, object, embed, audio, video, map, head"
)
# id/class words of page chrome (breadcrumbs, share/print bars, related links, QR codes, font-size switches).
_CHROME = re.compile(
    r"breadcrumb|crumb|position|location|weizhi|dqwz|daohang|(?<![a-z])nav|menu|share|bdshare|fenxiang|print|dayin"
    r"|close|footer|(?<![a-z])foot|header|(?<![a-z])head(?![a-z]*line)|related|relate|xgxx|xglj|xgwz|qrcode|erweima"
    r"|ewm|toolbar|(?<![a-z])tool|fontsize|font-size|zihao|sidebar|side-|comment|pinglun|copyright|banquan|(?<![a-z])link",
    re.IGNORECASE,
)
# id/class words of article bodies on TRS (TRS_Editor, TRS_UEDITOR), 开普云 (UCAP-CONTENT, pages_content,
# article-content), 大汉 (zoom, bt-article, wzy_content) and hand-made sites (zw = 正文, detail, view).
_CONTENT = re.compile(
    r"trs_editor|trs_ueditor|ucap-content|zoom|article|content|detail|(?<![a-z])view|(?<![a-z])text|(?<![a-z])main"
    r"|(?<![a-z])zw|zhengwen|wzy|(?<![a-z])con(?![a-z])|pages_content|txt|body",
    re.IGNORECASE,
)
_BLOCK_TAGS = {
    "p", "div", "br", "li", "ul", "ol", "dl", "dt", "dd", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "table",
    "tbody", "thead", "blockquote", "section", "article", "main", "aside", "pre", "hr", "center", "address",
    "figure", "figcaption", "td", "th", "caption",
}  # fmt: skip
_CJK = re.compile(r"[\u3400-\u9fff]")
_SPACES = re.compile(r"[ \t\r\n\f\v\u00a0\u2002\u2003\u2009\u200b\ufeff]+")
# Whole lines that are page chrome even when they sit inside the article container.
# Each tool word is taken whole with what follows it (an atomic group): a line of twenty tool words and
# something else was otherwise tried in every way of sharing its spaces between the words, 3^20 ways.
_CHROME_LINE = re.compile(
    r"^(?>[【\[]?\s*+(?:打印(?:本页|此页)?|关闭(?:窗口|本页)?|返回顶部|收藏|分享(?:到)?|字号|纠错)\s*+[】\]]?[\s:：|]*+)+"
    r"(?:[大中小]\s*+)*+$|扫一扫在手机打开当前页|^分享到[:：]|^字号[:：]|^【\s*字体|^\[?\s*字体[:：]|^责任编辑[:：]|^您(?:当前|现在)?"
    r"(?:所在)?的?位置|^当前位置[:：]|^上一篇[:：]|^下一篇[:：]|^相关(?:链接|文章|阅读|新闻|稿件)|^附件下载[:：]?$"
    r"|^(?:访问量|浏览次数|阅读次数|点击数)[:：]"
)
_META_LABELS = {
    "发布日期": "发布日期",
    "发布时间": "发布日期",
    "公开日期": "发布日期",
    "成文日期": "成文日期",
    "生成日期": "成文日期",
    "发布机构": "发布机构",
    "发文机关": "发布机构",
    "发文单位": "发布机构",
    "索引号": "索引号",
    "来源": "来源",
    "信息来源": "来源",
}
_LABEL_RE = "|".join(r"\s*".join(label) for label in sorted(_META_LABELS, key=len, reverse=True))
# A label opens a line or follows a space or bar, and is either bracketed or followed by a colon, so the
# same words inside a sentence of the report are not taken for metadata.
_META_TEXT = re.compile(rf"(?:^|(?<=[\s|｜丨]))(?:[\[【]\s*({_LABEL_RE})\s*[\]】]\s*[:：]?|({_LABEL_RE})\s*[:：])\s*")
# Where a label's value stops: a wide gap, a separator bar, or the next "label：" (浏览次数：, 字号：...).
_VALUE_END = re.compile(r"\s{2,}|\s*[|｜丨]\s*|\s+(?=[^\s:：]{1,8}[:：])")
# <meta name=...> used by the government CMSs, and the metadata key each fills.
_META_NAMES = {
    "pubdate": "发布日期",
    "firstpublishedtime": "发布日期",
    "publishdate": "发布日期",
    "article:published_time": "发布日期",
    "contentsource": "来源",
    "source": "来源",
}
_DATE = re.compile(r"(\d{4})\s*[-年/.]\s*(\d{1,2})\s*[-月/.]\s*(\d{1,2})")
_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# Declared GB2312/GBK pages routinely contain characters only GB18030 has; decoding them as declared loses
# text (and an HTML parser handed the bytes silently returns nothing), so read them as GB18030.
_GB_ALIASES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "csgb2312", "euc-cn", "x-euc-cn", "gb18030"}
_MIN_ARTICLE_HANZI = 10
# A sibling of the best block scoring at least this share of its score is another part of the article.
_SIBLING_SHARE = 0.25
# Paragraph-like elements pass their text's score up to the block that holds them.
_PARAGRAPH_TAGS = {"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "dt", "dd", "pre", "blockquote", "center"}
# An element named like chrome but holding more Chinese than this is probably the article under an odd name.
_MAX_CHROME_HANZI = 200
# Spaces are taken whole, and a separator never starts inside a run of spaces (only where the run starts):
# the same pieces, without trying each position of a long run of spaces.
_TITLE_SEPARATORS = re.compile(r"(?:(?!\s)|(?<!\s))\s*+(?:[_|｜]|--|—+|\s-\s|-(?=[^\d]))\s*+")


def load_html(data: bytes, path: str, encoding: str | None = None) -> SourceDocument:
    """Load a saved web page: the article's title and text, and the page's publishing metadata."""
    # Imported here: only HTML input pays for the parser.
    from selectolax.lexbor import LexborHTMLParser

    text, used = decode_html(data, path, encoding)
    # A page from a site's 繁體 switch is converted before its labels (發布時間) and chrome are read.
    script, back = SIMPLIFIED, {}
    if detect_script(text) == TRADITIONAL:
        original, text = text, to_simplified(text)
        script, back = TRADITIONAL, restore_map([(original, text)])
    tree = LexborHTMLParser(text)
    metadata = _meta_tags(tree)
    title_candidates = _title_candidates(tree, metadata)
    for node in tree.css(_DROP_TAGS):
        node.decompose()
    if tree.body is None:
        raise InputError(path, "HTML 页面中没有正文文字")
    _read_visible_metadata(list(_lines_of(tree.body)), metadata)
    _strip_chrome(tree.body)
    parts = find_article(tree.body)
    if not parts:
        raise InputError(path, "HTML 页面中没有找到正文文字（可能是空页面、导航页或需要脚本加载的页面）")
    body = [line for part in parts for line in _lines_of(part) if not _CHROME_LINE.search(line)]
    title = _choose_title(title_candidates, body)
    texts = ([title] if title else []) + [line for line in body if line != title]
    lines = tuple(SourceLine(text=line, number=i) for i, line in enumerate(texts, start=1))
    _finish_metadata(metadata)
    return SourceDocument(
        path=path, format="html", lines=lines, encoding=used, metadata=metadata, script=script, back=back
    )


# --- decoding --------------------------------------------------------------------------------------


def decode_html(data: bytes, path: str, encoding: str | None = None) -> tuple[str, str]:
    """Decode page bytes ourselves: a byte-order mark, else the declared charset, else as plain text."""
    if encoding or data.startswith((codecs.BOM_UTF8, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return decode_text(data, path, encoding)
    match = _CHARSET.search(data[:8192])
    if match:
        declared = match.group(1).decode("ascii").lower()
        name = "gb18030" if declared in _GB_ALIASES else declared
        try:
            return data.decode(name), name
        except (LookupError, UnicodeDecodeError):
            pass  # a wrong declaration is common (pages re-saved in another encoding): detect instead
    return decode_text(data, path, None)


# --- metadata --------------------------------------------------------------------------------------


def _meta_tags(tree) -> dict[str, str]:
    metadata: dict[str, str] = {}
    for meta in tree.css("meta[name], meta[property]"):
        name = (meta.attributes.get("name") or meta.attributes.get("property") or "").strip().lower()
        content = _clean(meta.attributes.get("content") or "")
        key = _META_NAMES.get(name)
        if key and content and key not in metadata:
            metadata[key] = content
        if name == "articletitle" and content:
            metadata["_title"] = content
    return metadata


def _read_visible_metadata(lines: list[str], metadata: dict[str, str]) -> None:
    """Labels such as "发布日期：2024-02-29" or "[ 发布机构 ] 秀山县人民政府", on one line or a table row.

    What the page shows wins over <meta>: it is what the reader of the page sees.
    """
    found: dict[str, str] = {}
    for index, line in enumerate(lines):
        bare = re.sub(r"\s", "", line)
        if bare in _META_LABELS and index + 1 < len(lines):  # a table cell holding only the label
            found.setdefault(_META_LABELS[bare], lines[index + 1].strip())
            continue
        matches = list(_META_TEXT.finditer(line))
        for number, match in enumerate(matches):
            key = _META_LABELS[re.sub(r"\s", "", match.group(1) or match.group(2))]
            end = matches[number + 1].start() if number + 1 < len(matches) else len(line)
            value = _VALUE_END.split(line[match.end() : end].strip(" ：:|丨"), maxsplit=1)[0]
            if not value and number + 1 == len(matches) and index + 1 < len(lines):
                following = lines[index + 1]
                if not _META_TEXT.match(following):
                    value = following.strip()
            if value and key not in found and len(value) <= 60:
                found[key] = value
    metadata.update(found)


def _finish_metadata(metadata: dict[str, str]) -> None:
    """Dates as YYYY-MM-DD. 来源 stays 来源: it names who sent the article in (often a 司法所 or 本网), not
    the body the report is about, so it must not pass for 发布机构."""
    for key in ("发布日期", "成文日期"):
        if key in metadata:
            match = _DATE.search(metadata[key])
            if match:
                year, month, day = match.groups()
                metadata[key] = f"{year}-{int(month):02d}-{int(day):02d}"
            else:
                del metadata[key]
    metadata.pop("_title", None)


# --- finding the article ---------------------------------------------------------------------------


def _attrs_text(node) -> str:
    attributes = node.attributes
    return f"{attributes.get('id') or ''} {attributes.get('class') or ''}"


def _strip_chrome(body) -> None:
    """Remove elements whose id/class says they are navigation, sharing, printing or related links.

    An element that also looks like content (class="article-header-share" aside) is kept only when it
    holds a real amount of text, so a generic word never deletes the article itself.
    """
    hanzi = _hanzi_below(body)
    for node in list(body.traverse()):
        if node.tag in ("body", "html") or not node.is_element_node:
            continue
        marks = _attrs_text(node)
        chrome = marks.strip() and _CHROME.search(marks) and not _CONTENT.search(marks)
        if chrome and hanzi.get(node.mem_id, 0) < _MAX_CHROME_HANZI:
            node.decompose()


def _hanzi_below(root) -> dict[int, int]:
    """The Chinese characters of every element's text, counted once for the whole tree (children before
    parents): reading each element's own text made nested elements cost the square of the page."""
    counts: dict[int, int] = {}
    for node in reversed(list(root.traverse(include_text=True))):
        if node.is_text_node:
            counts[node.mem_id] = len(_CJK.findall(node.text_content or ""))
        parent = node.parent
        if parent is not None and node.mem_id in counts:
            counts[parent.mem_id] = counts.get(parent.mem_id, 0) + counts[node.mem_id]
    return counts


@dataclass
class _Score:
    node: object
    score: float = 0.0


def find_article(body) -> list:
    """The elements holding the article, in page order: the best scored block and its comparable siblings.

    As in readability-style extractors, the Chinese characters of a paragraph (p, li, h1-h6...) score for
    the block holding the paragraph and half as much for the one above it; text sitting directly in a
    div or cell scores for that element itself. ids/classes of article bodies raise a score, chrome
    words lower it. A report split into sibling blocks (Word's Section0/Section1, several TRS_Editor
    parts) keeps every part whose score is comparable to the best one's.
    """
    scores: dict[int, _Score] = {}
    blocks = _BlockParents()
    for node in body.traverse(include_text=True):
        if not node.is_text_node:
            continue
        hanzi = len(_CJK.findall(node.text_content or ""))
        holder = blocks.of(node) if hanzi else None
        if holder is None:
            continue
        target = blocks.of(holder) if holder.tag in _PARAGRAPH_TAGS else holder
        for weight in (1.0, 0.5):
            if target is None:
                break
            scores.setdefault(target.mem_id, _Score(target)).score += weight * hanzi
            target = blocks.of(target)
    for entry in scores.values():
        marks = _attrs_text(entry.node)
        if _CONTENT.search(marks):
            entry.score *= 1.5
        if _CHROME.search(marks):
            entry.score *= 0.5
    if not scores:
        return []
    best = max(scores.values(), key=lambda entry: entry.score)
    if _hanzi(best.node) < _MIN_ARTICLE_HANZI:
        return []
    parent = best.node.parent
    if parent is None:
        return [best.node]
    parts = []
    for child in parent.iter():
        entry = scores.get(child.mem_id)
        if child.mem_id == best.node.mem_id or (entry and entry.score >= _SIBLING_SHARE * best.score):
            parts.append(child)
    return parts


def _hanzi(node) -> int:
    return len(_CJK.findall(node.text(deep=True) or ""))


class _BlockParents:
    """`_block_parent`, remembered for every inline element passed on the way up: text deep inside a
    thousand unclosed <span>/<font> tags would otherwise walk up all of them for every piece of text."""

    def __init__(self) -> None:
        self._found: dict[int, object] = {}

    def of(self, node):
        path = []
        parent = node.parent
        while parent is not None and parent.tag not in _BLOCK_TAGS and parent.tag not in ("body", "html"):
            if parent.mem_id in self._found:
                block = self._found[parent.mem_id]
                break
            path.append(parent.mem_id)
            parent = parent.parent
        else:
            block = None if parent is None or parent.tag in ("body", "html") else parent
        for mem_id in path:  # every inline element passed has the same block above it
            self._found[mem_id] = block
        return block


# --- text lines ------------------------------------------------------------------------------------


def _lines_of(node) -> Iterator[str]:
    """The element's text, one line per block element, <br> and table cell; blank lines dropped."""
    parts: list[str] = []
    for piece in _pieces(node):
        if piece is None:
            line = _clean("".join(parts))
            parts.clear()
            if line:
                yield line
        else:
            parts.append(piece)
    line = _clean("".join(parts))
    if line:
        yield line


def _pieces(node) -> Iterator[str | None]:
    """Text fragments in document order, with None wherever a line ends. Walked with a stack of the
    elements still open, not by recursion: a page of thousands of unclosed tags nests that deep."""
    stack = [iter(node.iter(include_text=True))]
    closing: list[bool] = []  # for each open element below `node`: whether it ends a line
    while stack:
        child = next(stack[-1], None)
        if child is None:
            stack.pop()
            if closing and closing.pop():
                yield None
            continue
        if child.is_text_node:
            yield child.text_content or ""
        elif child.is_element_node:
            block = child.tag in _BLOCK_TAGS
            if block:
                yield None
            if child.tag not in ("br", "hr", "img"):
                stack.append(iter(child.iter(include_text=True)))
                closing.append(block)
            elif block:
                yield None


def _clean(text: str) -> str:
    return _SPACES.sub(" ", text).strip(" \u3000")


# --- title -----------------------------------------------------------------------------------------


def _title_candidates(tree, metadata: dict[str, str]) -> list[str]:
    """Possible titles in order of trust: <meta name="ArticleTitle">, headings, then <title> parts."""
    candidates = []
    if metadata.get("_title"):
        candidates.append(_clean(metadata["_title"]))
    page_title = tree.css_first("title")
    title_parts = []
    if page_title is not None:
        title_parts = [part for part in _TITLE_SEPARATORS.split(_clean(page_title.text())) if _CJK.search(part)]
    headings = [_clean(h.text()) for h in tree.css("h1, h2, .title, .article-title, #title, .bt, .tit")]
    # A heading is the article's title when <title> (page title = "article title_site name") agrees with it.
    for heading in headings:
        if heading and _CJK.search(heading) and any(heading in part or part in heading for part in title_parts):
            candidates.append(heading)
    if title_parts:
        candidates.append(max(title_parts, key=len))
    candidates += [h for h in headings if h and len(h) >= 6 and _CJK.search(h)]
    return candidates


def _choose_title(candidates: list[str], body: list[str]) -> str:
    """The first candidate; if the article text begins with a fuller form of it, that form."""
    if not candidates:
        return ""
    title = candidates[0]
    for line in body[:3]:
        if title and (title in line or line in title) and abs(len(line) - len(title)) <= 10:
            return line
    return title
