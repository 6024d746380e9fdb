"""The argument parser of every command, and the exit codes all commands share."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date

from checker import __version__
from checker.budget import DEFAULT_TIME_LIMIT
from checker.errors import UsageError
from checker.read.formats import DEFAULT_MAX_BYTES
from checker.render import COMPARE_FORMATS, FORMATS
from checker.ruleset import PROFILES

EXIT_OK, EXIT_BELOW, EXIT_ERROR = 0, 1, 2

EXAMPLES = """\
示例:
  fzcheck check 报告.txt                       检查一份报告，输出中文评分卡
  fzcheck check 报告/ --format json            检查目录下所有报告，输出 JSON
  fzcheck check 报告.txt --profile township    按乡镇（街道）标准检查
  fzcheck check 报告.txt --published 2024-03-20 --fail-under 60
  cat 报告.txt | fzcheck check -               从标准输入读取
  fzcheck rules list                           列出所有检查要素
  fzcheck rules show content.major_decisions   查看一个要素的依据、证据和示例
  fzcheck check 报告/ -f html:评分卡.html -f sarif:fz.sarif -f terminal
                                               一次输出多种格式（FORMAT:FILE 写入文件）
  fzcheck check 报告/ --jobs 4 -f csv -o 结果.csv   4 个进程并行检查，CSV 写入文件
  fzcheck check 报告.txt --problems              只看问题：缺什么、怎么补，按失分排序
  fzcheck check 各镇报告/ --summary              只看排名和要素覆盖表
  fzcheck check 报告/ -f concise --fail-under 60   先给门槛结论，再每个问题一行（pre-commit、CI 日志）
  fzcheck check 各镇报告/ -f html:评分卡/ -f docx:评分卡/ -f xlsx:评分卡/汇总.xlsx
                                               每份报告一个评分卡和一份带批注的 Word，加 Excel 汇总

输出格式: terminal json markdown html sarif junit github csv concise docx xlsx（FORMAT:目录/ 每份报告一个文件）
级别（sarif、github、junit）: 缺失→error（JUnit 为 failure），部分→warning（JUnit 不算失败），
  无法判断和不计分的要素→note；--strict 让部分也成为 error/failure。退出码只看门槛（--fail-under、必备要素）
配置文件: 从当前目录向上查找 .fzcheck.yaml 或 pyproject.toml 的 [tool.fzcheck]（--config 指定，--no-config 不用）

退出码:
  0  全部报告检查完毕，不低于 --fail-under，必备要素（required）均未缺失
  1  有报告低于 --fail-under，或缺失配置中的必备要素
  2  参数、输入、配置或规则文件错误（有任何一份报告无法读取也为 2）
"""


SERVE_EXAMPLES = """\
示例:
  fzcheck serve                                   本机使用：浏览器打开 http://127.0.0.1:8000/
  fzcheck serve --host 0.0.0.0 --token s3cret-intranet-2024   内网共用：每个请求都要提供令牌
  fzcheck serve --rules rules/packs/chongqing.yaml --profile township
  curl -F file=@报告.docx http://127.0.0.1:8000/api/check    JSON API，与 fzcheck check --format json 相同

在非本机地址上监听必须指定 --token（或环境变量 FZCHECK_TOKEN），或明确写 --no-token。
"""


# argparse's own messages, by their English pattern: each becomes ours. Unknown wording (another Python
# version) still gives a Chinese line, only less specific.
_ARGPARSE_MESSAGES = (
    (r"the following arguments are required: (.+)", r"缺少参数 \1"),
    (r"unrecognized arguments: (.+)", r"不认识的参数 \1"),
    (r"argument (\S+): invalid choice: (.+?) \(choose from (.+)\)", r"\1 的值 \2 无效（可选：\3）"),
    (r"argument (\S+): expected one argument", r"\1 后面需要一个值"),
    (r"argument (\S+): expected at least one argument", r"\1 后面至少需要一个值"),
    (r"argument (\S+): expected .*", r"\1 后面的值个数不对"),
    (r"argument (\S+): not allowed with argument (\S+)", r"\1 不能与 \2 同时使用"),
    (r"argument (\S+): ignored explicit argument (.+)", r"\1 不接受值 \2"),
    (r"argument (\S+): invalid \S+ value: (.+)", r"\1 的值 \2 无效"),
    (r"ambiguous option: (\S+) could match (.+)", r"选项 \1 有歧义，可能是 \2"),
    (r"argument (\S+): ([^A-Za-z].*)", r"\1：\2"),  # our own ArgumentTypeError text, already Chinese
)


def _usage_problem(message: str) -> str:
    for pattern, replacement in _ARGPARSE_MESSAGES:
        match = re.fullmatch(pattern, message, re.S)
        if match:
            return match.expand(replacement).replace("', '", "'、'")
    return "命令行参数有误"


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """Help text as written (examples keep their layout), with a Chinese "usage" heading."""

    def add_usage(self, usage, actions, groups, prefix=None) -> None:  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse that speaks Chinese and reports usage errors as one line with exit code 2, like every
    other error."""

    def __init__(self, *args, **kwargs) -> None:  # type: ignore[no-untyped-def]
        kwargs["formatter_class"] = _Formatter
        kwargs["add_help"] = False
        super().__init__(*args, **kwargs)
        self._positionals.title = "位置参数"
        self._optionals.title = "选项"
        self.add_argument("-h", "--help", action="help", help="显示帮助并退出")

    def error(self, message: str) -> None:  # type: ignore[override]
        raise UsageError(f"参数错误：{_usage_problem(message)}（fzcheck --help 查看用法）")


def _iso_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise argparse.ArgumentTypeError(f"日期应为 YYYY-MM-DD 格式：{value!r}") from None


def _number(kind: type, low: float, high: float | None, low_inclusive: bool, wanted: str) -> Callable[[str], float]:
    """An argparse type: a number of `kind` within bounds, or a one-line explanation of what is wanted."""

    def parse(value: str) -> float:
        try:
            number = kind(value)
        except ValueError:
            raise argparse.ArgumentTypeError(f"应为{wanted}：{value!r}") from None
        above_low = number >= low if low_inclusive else number > low
        if not above_low or (high is not None and number > high):
            raise argparse.ArgumentTypeError(f"应为{wanted}：{value!r}")
        return number

    return parse


_positive = _number(int, 1, None, True, "正整数")
_similarity = _number(float, 0, 1, False, " 0 到 1 之间的数")
_score = _number(float, 0, 100, True, " 0 到 100 之间的数")
_seconds = _number(float, 0, None, False, "正数（秒）")
_limit = _number(float, 0, None, True, "不小于 0 的秒数（0 为不限时）")
_port = _number(int, 0, 65535, True, " 0 到 65535 之间的端口号")


def _add_setup(command: argparse.ArgumentParser) -> None:
    """The options `check` and `serve` share: configuration, profile, rule packs, size of an input."""
    command.add_argument("--config", metavar="FILE", help="配置文件（默认向上查找 .fzcheck.yaml 或 pyproject.toml）")
    command.add_argument("--no-config", action="store_true", help="不读取任何配置文件")
    command.add_argument(
        "--profile",
        "-p",
        choices=PROFILES,
        help="报告主体类型（默认自动识别）：township 乡镇街道，county 县区政府，department 政府部门",
    )
    command.add_argument("--rules", action="append", default=[], metavar="FILE", help="额外的规则文件（可多次指定）")
    command.add_argument(
        "--max-bytes", type=_positive, default=DEFAULT_MAX_BYTES, metavar="N", help="单个输入的大小上限（字节）"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="fzcheck",
        description="检查法治政府建设年度报告：要素是否齐全、证据在哪一行、缺什么怎么补，并给出评分和等级。",
        epilog=EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"fzcheck {__version__}", help="显示版本号并退出")
    commands = parser.add_subparsers(dest="command", metavar="命令", parser_class=_Parser)

    check = commands.add_parser(
        "check", help="检查报告", epilog=EXAMPLES, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    check.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或目录（目录递归查找；- 表示标准输入）")
    check.add_argument(
        "--format",
        "-f",
        action="append",
        metavar="FORMAT[:FILE]",
        help=f"输出格式：{' '.join(FORMATS)}（默认 terminal）；可多次指定，FORMAT:FILE 写入文件，"
        "FORMAT:目录/ 每份报告写一个文件（html 另写 index.html）；docx、xlsx 只能写入文件",
    )
    check.add_argument("--output", "-o", metavar="FILE", help="把（唯一一个未指定文件的）输出写入 FILE")
    check.add_argument(
        "--jobs", "-j", type=_positive, metavar="N", help="并行进程数（默认 CPU 数；1 为顺序检查；8 份以上才并行）"
    )
    _add_setup(check)
    check.add_argument(
        "--published", type=_iso_date, metavar="YYYY-MM-DD", help="发布日期（正文和页面中没有时用于判断是否按时公开）"
    )
    check.add_argument(
        "--fail-under", type=_score, metavar="N", help="任一报告得分低于 N 时以退出码 1 结束（优先于配置）"
    )
    check.add_argument(
        "--strict",
        action="store_true",
        help="部分具备的要素也算错误：SARIF 和 GitHub 注释中为 error，JUnit 中为 failure"
        "（默认只有缺失的要素是错误，部分的是警告，与门槛一致）",
    )
    check.add_argument("--input-format", choices=("text", "docx", "pdf", "html"), help="强制按此格式读取")
    check.add_argument("--encoding", metavar="NAME", help="强制按此编码读取文本（如 gb18030）")
    check.add_argument(
        "--time-limit",
        type=_limit,
        metavar="SECONDS",
        help=f"每份报告的检查时限（秒，默认 {DEFAULT_TIME_LIMIT:g}；0 为不限时）：超时的报告记为错误，其余照常检查",
    )
    shown = check.add_mutually_exclusive_group()
    shown.add_argument("--problems", action="store_true", help="评分卡只列问题（缺失、部分，按失分排序，附修改建议）")
    shown.add_argument("--summary", action="store_true", help="只输出排名和要素覆盖表，不输出每份报告的评分卡")
    check.add_argument("--verbose", "-v", action="store_true", help="显示全部证据、依据和读取所用的编码")
    check.add_argument("--no-color", action="store_true", help="不使用颜色")

    compare = commands.add_parser(
        "compare",
        help="对比上一年度和本年度报告：上年的不足和安排是否落实，哪些段落照抄",
        epilog="示例:\n  fzcheck compare 2023年报告.docx 2024年报告.docx\n  fzcheck compare 上年.txt 今年.txt --format json",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    compare.add_argument("last", metavar="LAST", help="上一年度的报告")
    compare.add_argument("this", metavar="THIS", help="本年度的报告")
    compare.add_argument(
        "--format", "-f", choices=COMPARE_FORMATS, default="terminal", help="输出格式：terminal json markdown html"
    )
    compare.add_argument("--output", "-o", metavar="FILE", help="写入 FILE（默认标准输出）")
    compare.add_argument(
        "--threshold", type=_similarity, default=0.6, metavar="X", help="段落相似度阈值（0–1，默认 0.6）"
    )
    compare.add_argument("--input-format", choices=("text", "docx", "pdf", "html"), help="强制按此格式读取")
    compare.add_argument("--encoding", metavar="NAME", help="强制按此编码读取文本")

    copies = commands.add_parser(
        "copies",
        help="在一批报告中找出不同主体之间相同或近似的段落（模板套用）；同一主体的多份报告视为版本",
        epilog="示例:\n  fzcheck copies 各镇报告/\n  fzcheck copies 各镇报告/ --format json --threshold 0.8",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    copies.add_argument("paths", nargs="+", metavar="PATH", help="报告文件或目录")
    copies.add_argument(
        "--format", "-f", choices=COMPARE_FORMATS, default="terminal", help="输出格式：terminal json markdown html"
    )
    copies.add_argument("--output", "-o", metavar="FILE", help="写入 FILE（默认标准输出）")
    copies.add_argument(
        "--threshold", type=_similarity, default=0.6, metavar="X", help="段落相似度阈值（0–1，默认 0.6）"
    )

    serve = commands.add_parser(
        "serve",
        help="启动网页服务：在浏览器中上传或粘贴报告检查，并提供 JSON API",
        epilog=SERVE_EXAMPLES,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    serve.add_argument("--host", default="127.0.0.1", help="监听地址（默认 127.0.0.1，只有本机能访问）")
    serve.add_argument("--port", type=_port, default=8000, help="端口（默认 8000；0 为任一空闲端口）")
    token = serve.add_mutually_exclusive_group()
    token.add_argument("--token", metavar="TOKEN", help="访问令牌：每个请求都要提供（也可用环境变量 FZCHECK_TOKEN）")
    token.add_argument("--no-token", action="store_true", help="在非本机地址上监听时明确不用令牌")
    _add_setup(serve)
    serve.add_argument("--max-files", type=_positive, default=200, metavar="N", help="每个请求最多的文件数（默认 200）")
    serve.add_argument(
        "--max-request-bytes",
        type=_positive,
        default=64 * 1024 * 1024,
        metavar="N",
        help="每个请求的大小上限（字节，默认 64 MB）",
    )
    serve.add_argument(
        "--time-limit",
        type=_seconds,
        metavar="SECONDS",
        help="每份报告的检查时限（秒；默认取配置文件的 time_limit，没有则 30）",
    )
    serve.add_argument("--workers", type=_positive, metavar="N", help="检查进程数（默认 CPU 数）")

    rules = commands.add_parser("rules", help="查看和检验规则集")
    rule_commands = rules.add_subparsers(dest="rules_command", metavar="子命令", parser_class=_Parser)
    listing = rule_commands.add_parser("list", help="列出所有检查要素")
    listing.add_argument("--profile", "-p", choices=PROFILES, help="按某类报告主体显示权重和适用性")
    listing.add_argument("--rules", action="append", default=[], metavar="FILE", help="同时列出规则包中的要素")
    show = rule_commands.add_parser("show", help="查看一个要素的含义、依据、证据要求和示例")
    show.add_argument("rule_id", metavar="ID")
    show.add_argument("--profile", "-p", choices=PROFILES)
    show.add_argument("--rules", action="append", default=[], metavar="FILE", help="在规则包中查找要素")
    validate = rule_commands.add_parser("validate", help="校验规则文件")
    validate.add_argument("files", nargs="+", metavar="FILE")
    test = rule_commands.add_parser("test", help="运行规则文件自带的示例")
    test.add_argument("files", nargs="*", metavar="FILE", help="规则文件（默认：内置基线）")
    return parser
