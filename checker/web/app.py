"""The ASGI app: the JSON API and the page, over one worker pool. `create_app(settings)` builds it;
`fzcheck serve` runs it with uvicorn."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route
from starlette.schemas import SchemaGenerator

from checker import __version__
from checker.batch import Job, default_jobs
from checker.render.json_report import assemble
from checker.web.checking import CHECKED, Catalog, check_reports, refusal, reports_of, run_of
from checker.web.errors import WebError
from checker.web.pool import CheckPool
from checker.web.security import Guard
from checker.web.upload import Limits, read_form

JSON_TYPE = "application/json; charset=utf-8"


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


async def _on_web_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, WebError)
    return JSONResponse(error_body(exc), exc.status, headers=exc.headers, media_type=JSON_TYPE)


def create_app(settings: Settings) -> Guard:
    """The app for `settings`: routes, error handlers, and the security middleware around them."""
    pool = CheckPool(settings.job, settings.workers, settings.report_seconds, settings.queue, settings.worker_memory)

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
        form = await read_form(request, settings.limits)
        uploads = reports_of(form)
        checked = await check_reports(pool, uploads, json_batch=len(uploads) > 1)
        refused = refusal(checked)
        if refused:
            raise refused
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

    app = Starlette(
        routes=[*routes, Route("/api/openapi.json", openapi, methods=["GET"], include_in_schema=False)],
        exception_handlers={WebError: _on_web_error},
        lifespan=lifespan,
    )
    return Guard(app, settings.token)
