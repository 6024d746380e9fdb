"""Report material in pathological shapes, at any size: what the linear-time tests and benchmarks feed in.

Real documents produce odd shapes: a statistics table flattened into one line by a PDF or HTML
extraction, a long list that lost its sentence ends, quotation marks gone astray, a page that is mostly
web chrome. A shape here is made of three choices, a small grammar of report material:

- fragments (ATOMS): counts, rates, 其中 clauses, digits, dates, quotes, book titles, list items, headings,
  table cells, chrome lines, place names, dated references, runs of a single character, …;
- a separator (SEPARATORS) they are joined with: nothing, a comma, 、, a full stop, a newline, a blank line;
- a frame (FRAMES): the material alone, or placed in one section (achievements, shortcomings, plan) of
  an ordinary short report, in both the shortcomings and the plan, or above its title or under its 落款,
  so that checks that read only one part of a report see it too.

`make(shape, size)` writes at least `size` bytes (UTF-8) of a shape; the same shape and size always
give the same text. `NAMED` are the shapes the benchmark prints and the tests always run; `every_shape`
lists the whole grammar for a sweep.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

CN = "一二三四五六七八九十"
WORDS = (
    "行政执法", "行政复议", "行政应诉", "合法性审查", "法律顾问", "普法宣传", "矛盾纠纷", "人民调解", "政务公开",
    "规范性文件", "重大行政决策", "习近平法治思想", "领导干部学法", "执法人员", "三项制度", "数字政府",
)  # fmt: skip
LABELS = ("受理", "办结", "调解", "成功调解", "审结", "纠错", "培训", "出庭应诉", "公开信息", "审查")
UNITS = ("件", "次", "人次", "场", "份", "个", "项", "名")
PLACES = ("杭州市", "浙里办", "广东省", "粤省事", "成都市", "天府通办", "重庆市", "渝快办", "北京市", "南京市")
DATED = ("十三五规划", "七五普法", "八五普法", "十九大精神", "二十大", "民法典", "疫情防控", "纲要(2015-2020年)")
CHROME = (
    "您当前的位置：首页>政务公开>法治政府建设",
    "扫一扫在手机打开当前页",
    "版权所有：某某县人民政府办公室 网站标识码5002410001",
    "【字体：大 中 小】【打印】【关闭】",
    "网站地图 | 联系我们 | 网站地图 | 联系我们",
    "渝ICP备05003300号 渝公网安备50024102000001号",
    "责任编辑：张三",
)


def _n(i: int, spread: int = 900, low: int = 10) -> int:
    """A count that changes with the fragment's index, so repeated fragments are not identical."""
    return low + (i * 37) % spread


ATOMS: dict[str, Callable[[int], str]] = {
    # Amounts and what is computed from them.
    "count": lambda i: f"{LABELS[i % len(LABELS)]}{_n(i)}{UNITS[i % len(UNITS)]}",
    "cn_count": lambda i: f"开展{CN[i % 9]}十余{UNITS[i % 4]}",
    "rate": lambda i: f"{LABELS[i % len(LABELS)]}率{50 + i % 50}.{i % 10}%",
    "rate_triple": lambda i: f"调解{100 + i % 900}件,成功{50 + i % 50}件,成功率{90 + i % 9}%",
    "total_parts": lambda i: f"共受理{100 + i % 900}件,其中办结{i % 100}件",
    "parts": lambda i: f"其中{WORDS[i % len(WORDS)]}{i % 100}件",
    "share": lambda i: f"占比{i % 100}%",
    "fall": lambda i: f"同比下降{i % 130}%",
    "digits": lambda i: "1234567890",
    "decimal": lambda i: f"{i % 1000}.{i % 7}",
    "cn_digits": lambda i: "一二三四五六七八九十",
    # Dates and times.
    "date": lambda i: f"2023年{1 + i % 12}月{1 + i % 28}日",
    "cn_date": lambda i: f"二〇二三年{CN[i % 9]}月{CN[i % 9]}日",
    "iso_date": lambda i: f"2023-{1 + i % 12:02d}-{1 + i % 28:02d}",
    "year": lambda i: f"{2015 + i % 12}年",
    "dated": lambda i: DATED[i % len(DATED)],
    # Quotes and titles, balanced and not.
    "quote": lambda i: f"“{WORDS[i % len(WORDS)]}”",
    "lost_quote": lambda i: f"“{i}”“",
    "reversed_quote": lambda i: f"”{WORDS[i % len(WORDS)]}“",
    "book": lambda i: f"《{WORDS[i % len(WORDS)]}条例》",
    "open_book": lambda i: f"《{WORDS[i % len(WORDS)]}",
    # Prose.
    "word": lambda i: WORDS[i % len(WORDS)],
    "clause": lambda i: f"深入推进{WORDS[i % len(WORDS)]}工作",
    "sentence": lambda i: f"深入推进{WORDS[i % len(WORDS)]}工作,全年{LABELS[i % 10]}{_n(i)}件,同比增长{i % 40}%。",
    "symptom": lambda i: f"{WORDS[i % len(WORDS)]}有待加强",
    "cause": lambda i: f"主要原因是{WORDS[i % len(WORDS)]}经费投入不足",
    "place": lambda i: f"学习{PLACES[i % len(PLACES)]}经验",
    "self": lambda i: ("我镇", "我局", "全县", "本委")[i % 4],
    "org": lambda i: ("某某县人民政府", "某某镇党委", "县司法局", "某某街道办事处")[i % 4],
    # Lists and structure.
    "enumerated": lambda i: f"{CN[i % 9]}是加强{WORDS[i % len(WORDS)]}",
    "numbered": lambda i: f"{1 + i % 99}、加强{WORDS[i % len(WORDS)]}",
    "heading": lambda i: f"{CN[i % 9]}、{('工作成效', '存在的不足', '下一步工作打算', '第一责任人职责')[i % 4]}",
    "sub_heading": lambda i: f"({CN[i % 9]})加强{WORDS[i % len(WORDS)]}",
    # A bare heading naming a year and work: after the shortcomings it may be the next year's plan.
    "dated_heading": lambda i: f"{2000 + i % 50}年工作举措",
    "lost_numeral": lambda i: f"、{WORDS[i % len(WORDS)]}",
    "cell": lambda i: f"| {WORDS[i % len(WORDS)]} | {_n(i)} | {i % 100}% |",
    "chrome": lambda i: CHROME[i % len(CHROME)],
    # Runs of one character, as a broken conversion leaves them.
    "run_han": lambda i: "法",
    "run_stop": lambda i: "。",
    "run_comma": lambda i: ",",
    "run_digit": lambda i: "9",
    "run_cn_digit": lambda i: "一",
    "run_space": lambda i: " ",
    "run_percent": lambda i: "%",
    "run_quote": lambda i: "“",
    "run_paren": lambda i: "(",
    "run_dun": lambda i: "、",
}

SEPARATORS = {
    "none": "",
    "comma": ",",
    "dun": "、",
    "semicolon": ";",
    "stop": "。",
    "line": "\n",
    "blank": "\n\n",
    "tab": "\t",
}

# An ordinary short report: {} marks where a framed shape goes.
_REPORT = """\
某某县2023年法治政府建设情况报告

2023年，某某县坚持以习近平法治思想为指导，全面推进依法行政，现将有关情况报告如下。

一、主要举措和成效

（一）加强党的领导。县政府常务会议专题学法6次，领导干部集中学法培训320人次。
{achievements}
（二）规范行政决策。重大行政决策严格履行公众参与、专家论证、风险评估、合法性审查、集体讨论决定程序，审查规范性文件21件。
（三）化解矛盾纠纷。全年调解矛盾纠纷481件，成功474件，调解成功率98.5%；办理行政复议案件12件，其中维持9件。

二、存在的不足

（一）法治宣传的针对性有待加强，主要原因是普法经费投入不足。
{shortcomings}
（二）执法人员专业能力不够强，部分人员法律素养不高。

三、下一步工作打算

（一）加强普法宣传，2024年开展专题宣讲20场。
{plan}
（二）加强执法人员培训，全年培训执法人员200人次。

某某县人民政府
2024年3月1日
{footer}"""

FRAMES = ("alone", "achievements", "shortcomings", "plan", "both", "header", "footer")


@dataclass(frozen=True)
class Shape:
    """Fragments cycled in order, joined by a separator, placed in a frame."""

    atoms: tuple[str, ...]
    separator: str = "comma"
    frame: str = "alone"

    @property
    def name(self) -> str:
        return f"{'+'.join(self.atoms)}/{self.separator}/{self.frame}"


def body(shape: Shape, size: int) -> str:
    """At least `size` bytes of the shape's fragments joined by its separator."""
    separator = SEPARATORS[shape.separator]
    makers = [ATOMS[atom] for atom in shape.atoms]
    parts: list[str] = []
    total = 0
    while total < size:
        piece = makers[len(parts) % len(makers)](len(parts))
        parts.append(piece)
        total += len(piece.encode("utf-8")) + len(separator.encode("utf-8"))
    return separator.join(parts)


def make(shape: Shape, size: int) -> str:
    """A document of about `size` bytes: the shape's material in its frame."""
    if shape.frame == "alone":
        return body(shape, size)
    slots = {name: "" for name in ("achievements", "shortcomings", "plan", "footer")}
    if shape.frame == "header":
        return body(shape, size) + "\n" + _REPORT.format(**slots)
    if shape.frame == "both":  # half in the shortcomings, half in the plan: every item may answer every other
        slots["shortcomings"] = slots["plan"] = body(shape, size // 2)
    else:
        slots[shape.frame] = body(shape, size)
    return _REPORT.format(**slots)


# The shapes always measured: those found in real documents, and those that once took minutes.
NAMED: dict[str, Shape] = {
    "比率三元组一句到底": Shape(("rate_triple",), "comma"),
    "引号不成对": Shape(("lost_quote",), "none"),
    "计数一行": Shape(("count",), "dun"),
    "其中子句": Shape(("total_parts",), "comma"),
    "其中列表": Shape(("parts",), "dun"),
    "数字连串": Shape(("digits",), "none"),
    "汉字数字连串": Shape(("cn_digits",), "none"),
    "日期": Shape(("date",), "dun"),
    "百分比一行": Shape(("rate", "share", "fall"), "comma"),
    "一是二是列表": Shape(("enumerated",), "semicolon", "shortcomings"),
    "编号列表": Shape(("numbered",), "line", "plan"),
    "表格单元格": Shape(("cell",), "tab"),
    "表格逐行": Shape(("word", "count", "rate"), "line"),
    "引号": Shape(("quote", "reversed_quote"), "dun"),
    "书名号不成对": Shape(("open_book",), "dun"),
    "无句号长行": Shape(("clause",), "comma"),
    "许多短行": Shape(("word",), "line"),
    "许多空行分段": Shape(("clause",), "blank"),
    "许多标题": Shape(("heading",), "line"),
    "许多小标题": Shape(("sub_heading",), "line", "achievements"),
    "许多带年份的标题": Shape(("dated_heading", "clause"), "line", "plan"),
    "不足许多小项": Shape(("symptom", "cause"), "comma", "shortcomings"),
    "安排许多小项": Shape(("sub_heading", "clause"), "line", "plan"),
    "不足和安排许多小项": Shape(("sub_heading",), "line", "both"),
    "单字连串": Shape(("run_han",), "none"),
    "句号连串": Shape(("run_stop",), "none"),
    "数字9连串": Shape(("run_digit",), "none"),
    "一字连串": Shape(("run_cn_digit",), "none"),
    "巨型段落": Shape(("sentence",), "none", "achievements"),
    "网页杂项": Shape(("chrome",), "line", "footer"),
    "外省地名": Shape(("place",), "comma"),
    "过时表述": Shape(("dated",), "comma"),
    "落款许多行": Shape(("org", "date"), "line", "footer"),
}


def every_shape(frames: tuple[str, ...] = FRAMES) -> Iterator[Shape]:
    """The whole grammar with one fragment kind per shape: each fragment with each separator in each frame."""
    for atom in ATOMS:
        for separator in SEPARATORS:
            for frame in frames:
                yield Shape((atom,), separator, frame)
