"""`fzcheck serve`: check the address and token, build the web app from the same configuration and rule
packs as `check`, and run it with uvicorn."""

from __future__ import annotations

import argparse
import ipaddress
import os
import socket
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from checker.cli.parser import EXIT_OK
from checker.error_text import os_problem
from checker.errors import UsageError

if TYPE_CHECKING:
    from checker.web.app import Settings

TOKEN_ENV = "FZCHECK_TOKEN"
MIN_TOKEN_CHARS = 12
# A server always has a time limit per report (its workers are killed past it): this one unless the
# option or the configuration gives another.
SERVE_TIME_LIMIT = 30.0


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach the address (127.0.0.0/8, ::1, localhost)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:  # a host name: it may resolve to anything
        return False


def chosen_token(args: argparse.Namespace) -> str | None:
    """The token the server will require, or None; refuses a non-loopback address without a decision."""
    token = args.token or (None if args.no_token else os.environ.get(TOKEN_ENV) or None)
    if token is not None and len(token) < MIN_TOKEN_CHARS:
        raise UsageError(f"参数错误：令牌至少要 {MIN_TOKEN_CHARS} 个字符")
    if token is not None and not all("!" <= c <= "~" for c in token):
        # It travels in an HTTP header, which carries ASCII only.
        raise UsageError("参数错误：令牌只能由英文字母、数字和符号组成（不含空格和汉字）")
    if token is None and not args.no_token and not is_loopback(args.host):
        raise UsageError(
            f"参数错误：在 {args.host} 上监听时其他机器也能访问，请用 --token（或环境变量 {TOKEN_ENV}）设置访问令牌，"
            "或用 --no-token 明确不用令牌"
        )
    return token


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before uvicorn starts so that a busy port is one clear line."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise UsageError(f"无法在 {host}:{port} 上监听：{os_problem(exc)}；请换一个端口（--port）或地址") from None
    sock.listen(2048)
    return sock


def _more_connections() -> None:
    """Raise the open-file limit to the hard limit: every idle or slow client holds a socket, and the
    server should run out of patience (timeouts) before it runs out of descriptors."""
    try:
        import resource

        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        if hard == resource.RLIM_INFINITY or hard > soft:
            resource.setrlimit(
                resource.RLIMIT_NOFILE, (hard if hard != resource.RLIM_INFINITY else max(soft, 65536), hard)
            )
    except (ImportError, ValueError, OSError):  # not on this platform, or not allowed: keep the default
        pass


def serve_settings(args: argparse.Namespace) -> Settings:
    """What the server runs with: the same configuration and rule packs as `check`, and the limits."""
    from checker.batch import Job, default_jobs
    from checker.cli.check import load_setup
    from checker.pipeline import CheckOptions
    from checker.render.model import catalog_of, grade_names
    from checker.web.app import Settings
    from checker.web.checking import Catalog
    from checker.web.upload import Limits

    token = chosen_token(args)
    config, rules, ruleset = load_setup(args)
    # Workers load the rule packs themselves; absolute paths do not depend on where they run.
    rules = tuple(str(Path(rule).resolve()) for rule in rules)
    options = CheckOptions(profile=args.profile or config.profile, max_bytes=args.max_bytes, extra_rules=rules)
    return Settings(
        job=Job(options, config),
        catalog=Catalog(ruleset.name, catalog_of(ruleset), config, grade_names(ruleset)),
        limits=Limits(file_bytes=args.max_bytes, files=args.max_files, request_bytes=args.max_request_bytes),
        report_seconds=args.time_limit or config.time_limit or SERVE_TIME_LIMIT,
        workers=args.workers or default_jobs(),
        token=token,
    )


def run_serve(args: argparse.Namespace) -> int:
    try:
        import uvicorn

        from checker.web.app import create_app
    except ImportError as exc:
        raise UsageError(f'fzcheck serve 需要网页组件（缺少 {exc.name}）：pip install "fzcheck[web]"') from None
    settings = serve_settings(args)
    _more_connections()
    sock = _bind(args.host, args.port)
    host, port = sock.getsockname()[:2]
    shown = f"[{host}]" if ":" in host else host
    print(f"fzcheck serve: http://{shown}:{port}/ （Ctrl-C 停止）", file=sys.stderr, flush=True)
    server = uvicorn.Server(uvicorn.Config(create_app(settings), server_header=False, log_level="info"))
    server.run(sockets=[sock])
    return EXIT_OK
