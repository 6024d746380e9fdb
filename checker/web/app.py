"""The ASGI app: the JSON API, the page and its downloads, over one worker pool. `create_app(settings)`
builds it; `fzcheck serve` runs it with uvicorn.

Every report is checked in a worker (`checking.check_reports`), and every page and download is rendered
in one (`page.PageTask`, `page.DownloadTask`): the event loop only parses requests and moves bytes.
"""

from __future__ import annotations

import asyncio
import contextlib
import hmac
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field, replace
from importlib.resources import files
from urllib.parse import quote

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Route
from starlette.schemas import SchemaGenerator

from checker import __version__
from checker.batch import Job, default_jobs
from checker.read.formats import size_text
from checker.render import NEEDS_LINES
from checker.render.json_report import assemble
from checker.web.checking import CHECKED, Catalog, Checked, check_reports, refusal, reports_of, run_of
from checker.web.errors import WebError
from checker.web.page import (
    DOWNLOADS,
    ZIP_TYPE,
    DownloadTask,
    PageInfo,
    PageTask,
    download_name,
    render_login,
    render_page,
)
from checker.web.pool import CheckPool, TimedOut, WorkerDied
from checker.web.security import SESSION_COOKIE, Guard, session_value
from checker.web.upload import Limits, Upload, read_form

JSON_TYPE = "application/json; charset=utf-8"
# The page's assets: the scorecard's own script and the upload form's, served from the package.
ASSETS = {
    "fzcheck.js": ("checker.render", "templates/fzcheck.js"),
    "web.js": ("checker.web", "static/web.js"),
}
# A wrong token on the login page costs this long: guessing is slow.
LOGIN_DELAY_SECONDS = 1.0


@dataclass(frozen=True)
class Settings:
    """Everything the server was started with."""

    job: Job
    catalog: Catalog
    limits: Limits
    report_seconds: float = 30.0
    workers: int = field(default_factory=default_jobs)
    queue: int = 256
    worker_memory: int | None = 4 * 1024 * 1024 * 1024
    token: str | None = None


def error_body(error: WebError) -> dict:
    body: dict = {"error": error.message, "status": error.status}
    if error.errors:
        body["errors"] = [{"path": path, "error": problem} for path, problem in error.errors]
    return body


def create_app(settings: Settings) -> Guard:
    """The app for `settings`: routes, error handlers, and the security middleware around them."""
    # Each check stops itself at the report time limit (the worker lives on); the pool kills only a worker
    # whose check could not be stopped.
    job = replace(settings.job, options=replace(settings.job.options, time_limit=settings.report_seconds))
    pool = CheckPool(job, settings.workers, settings.report_seconds, settings.queue, settings.worker_memory)
    limits = settings.limits
    info = PageInfo(settings.catalog.ruleset, size_text(limits.file_bytes), limits.files, login=bool(settings.token))
    front_page = render_page(info)
    assets = {name: files(package).joinpath(path).read_bytes() for name, (package, path) in ASSETS.items()}

    async def render(task: PageTask | DownloadTask) -> str | bytes:
        """A page or a download, rendered in a worker."""
        try:
            return await pool.run(task)
        except TimedOut:
            raise WebError(503, f"生成结果超过 {pool.seconds:g} 秒的时限，请减少一次检查的报告数") from None
        except WorkerDied:
            raise WebError(500, "生成结果时出现内部错误") from None

    async def checked_run(
        request: Request, keep_lines: bool = False, json: bool = False
    ) -> tuple[list[Upload], list[Checked]]:
        """A form's reports, checked (with `json`, each report's JSON rendered by its worker); refused
        when none could be."""
        form = await read_form(request, limits)
        uploads = reports_of(form)
        json_batch = len(uploads) > 1 if json else None
        checked = await check_reports(pool, uploads, keep_lines=keep_lines, json_batch=json_batch)
        refused = refusal(checked)
        if refused:
            raise refused
        return uploads, checked

    async def on_web_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, WebError)
        if request.url.path.startswith("/api/"):
            return JSONResponse(error_body(exc), exc.status, headers=exc.headers, media_type=JSON_TYPE)
        page = render_page(info, error=exc.message, errors=exc.errors)
        return HTMLResponse(page, exc.status, headers=exc.headers)

    async def front(request: Request) -> Response:
        return HTMLResponse(front_page)

    async def check_page(request: Request) -> Response:
        _, checked = await checked_run(request, keep_lines=True)
        return HTMLResponse(await render(PageTask(info, run_of(checked, settings.catalog))))

    async def download(request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in DOWNLOADS:
            raise WebError(404, f"没有这种下载：{kind[:20]}")
        fmt, suffix, media_type = DOWNLOADS[kind]
        uploads, checked = await checked_run(request, keep_lines=fmt in NEEDS_LINES)
        run = run_of(checked, settings.catalog)
        originals = tuple(
            upload.data if c.outcome.result.format == "docx" else None
            for upload, c in zip(uploads, checked, strict=True)
            if c.outcome.result is not None
        )
        body = await render(DownloadTask(fmt, run, originals))
        if fmt == "docx" and len(run.results) > 1:
            suffix, media_type = ".zip", ZIP_TYPE
        name = download_name(run, suffix)
        disposition = f"attachment; filename=\"fzcheck{suffix}\"; filename*=UTF-8''{quote(name)}"
        return Response(body, media_type=media_type, headers={"Content-Disposition": disposition})

    async def asset(request: Request) -> Response:
        name = request.path_params["name"]
        if name not in assets:
            return Response("没有这个文件", 404, media_type="text/plain; charset=utf-8")
        headers = {"Cache-Control": "public, max-age=3600"}
        return Response(assets[name], media_type="text/javascript; charset=utf-8", headers=headers)

    async def login(request: Request) -> Response:
        if not settings.token:
            return RedirectResponse("/", 303)
        if request.method == "GET":
            return HTMLResponse(render_login())
        form = await read_form(request, limits)
        offered = form.fields.get("token", b"")
        if not hmac.compare_digest(offered, settings.token.encode("utf-8")):
            await asyncio.sleep(LOGIN_DELAY_SECONDS)
            return HTMLResponse(render_login("令牌不对，请重新输入"), 401)
        response = RedirectResponse("/", 303)
        value = session_value(settings.token)
        response.set_cookie(SESSION_COOKIE, value, httponly=True, samesite="strict", path="/")
        return response

    async def logout(request: Request) -> Response:
        response = RedirectResponse("/login" if settings.token else "/", 303)
        response.delete_cookie(SESSION_COOKIE, path="/", httponly=True, samesite="strict")
        return response

    async def api_check(request: Request) -> Response:
        """Check reports; the answer is the JSON document of `fzcheck check --format json`.
        ---
        summary: 检查报告
        description: >-
          上传一份或多份报告（multipart 字段 file，可重复），或提交报告文本（字段 text）。返回与
          `fzcheck check --format json` 相同的 JSON 文档（checker/schemas/report.schema.json）；多于一份时有 batch
          部分，个别无法读取的报告列在 errors 中。没有一份能检查时按原因返回 400/408/415/500。
        requestBody:
          required: true
          content:
            multipart/form-data:
              schema:
                type: object
                properties:
                  file: {type: array, items: {type: string, format: binary}}
                  text: {type: string}
            application/x-www-form-urlencoded:
              schema: {type: object, properties: {text: {type: string}}}
        responses:
          "200": {description: 检查结果（fzcheck check --format json 的文档）}
          "400": {description: 请求格式有误、没有报告，或报告无法读取}
          "401": {description: 服务器设置了令牌而请求没有提供}
          "408": {description: 上传超时，或检查超过时限}
          "413": {description: 文件、文件数或请求超过上限}
          "415": {description: 不支持的请求格式或文件类型}
          "503": {description: 服务器繁忙}
        """
        _, checked = await checked_run(request, json=True)
        run = run_of(checked, settings.catalog)
        rendered = [c.outcome.rendered or "" for c in checked if c.status == CHECKED]
        return Response(assemble(run, rendered), media_type=JSON_TYPE)

    async def api_health(request: Request) -> Response:
        """Whether the server answers.
        ---
        summary: 服务状态
        responses:
          "200": {description: 服务正常，返回版本和规则集}
        """
        body = {"status": "ok", "version": __version__, "ruleset": settings.catalog.ruleset}
        return JSONResponse(body, media_type=JSON_TYPE)

    routes = [
        Route("/api/check", api_check, methods=["POST"]),
        Route("/api/health", api_health, methods=["GET"]),
    ]
    pages = [
        Route("/", front, methods=["GET"]),
        Route("/check", check_page, methods=["POST"]),
        Route("/download/{kind}", download, methods=["POST"]),
        Route("/static/{name}", asset, methods=["GET"]),
        Route("/login", login, methods=["GET", "POST"]),
        Route("/logout", logout, methods=["GET"]),
    ]
    schemas = SchemaGenerator(
        {
            "openapi": "3.0.3",
            "info": {"title": "fzcheck", "version": __version__, "description": "法治政府建设年度报告检查 API"},
        }
    )

    async def openapi(request: Request) -> Response:
        return Response(json.dumps(schemas.get_schema(routes), ensure_ascii=False, indent=2), media_type=JSON_TYPE)

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await pool.start()
        try:
            yield
        finally:
            pool.close()

    async def on_http_error(request: Request, exc: Exception) -> Response:
        # Starlette's own 404 and 405 answer in English; they go through the same Chinese errors as ours.
        assert isinstance(exc, HTTPException)
        if exc.status_code == 405:
            message = f"这个地址不接受 {request.method} 请求"
        elif exc.status_code == 404:
            message = "没有这个页面或接口；检查报告请打开首页，接口见 /api/openapi.json"
        else:
            message = f"请求无法处理（{exc.status_code}）"
        return await on_web_error(request, WebError(exc.status_code, message, headers=exc.headers))

    async def favicon(request: Request) -> Response:
        return Response(status_code=204)  # no icon, and no 404 in the browser's console

    app = Starlette(
        routes=[
            *routes,
            Route("/api/openapi.json", openapi, methods=["GET"], include_in_schema=False),
            Route("/favicon.ico", favicon, methods=["GET"], include_in_schema=False),
            *pages,
        ],
        exception_handlers={WebError: on_web_error, HTTPException: on_http_error},
        lifespan=lifespan,
    )
    return Guard(app, settings.token)
