"""The page over HTTP: its downloads are the command line's outputs, errors are shown on the page, and a
server with a token lets a browser in through the login page only."""

from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import unquote

import pytest

pytest.importorskip("starlette")
pytest.importorskip("uvicorn")
pytest.importorskip("python_multipart")

from checker.cli import main
from tests.conftest import SEEDS
from tests.web_support import multipart, request, running, seed, seed_docx, settings

TOKEN = "page-token-0123456789"
NAMES = sorted(p.name for p in SEEDS.glob("*.txt"))[:3]


@pytest.fixture(scope="module")
def server():
    with running(settings()) as address:
        yield address


def post_form(address, path, files=(), fields=None, headers=None):
    body, content_type = multipart(files, fields)
    return request(address, "POST", path, body, content_type, headers)


def cli_output(capsys, monkeypatch, fmt: str, *names: str) -> bytes:
    monkeypatch.chdir(SEEDS)
    capsys.readouterr()
    main(["check", *names, "--format", fmt, "--no-config"])
    return capsys.readouterr().out.encode("utf-8")


def test_the_front_page_has_the_form_and_loads_only_local_assets(server):
    answer = request(server, "GET", "/")
    assert answer.status == 200
    page = answer.body.decode("utf-8")
    assert 'enctype="multipart/form-data"' in page and 'name="file"' in page and 'name="text"' in page
    assert "<script>" not in page  # no inline script: the CSP would refuse it
    sources = re.findall(r'(?:src|href)="([^"#]+)"', page)
    assert sources and all(s.startswith("/") for s in sources), sources
    for src in re.findall(r'src="([^"]+)"', page):
        assert request(server, "GET", src).status == 200


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_downloads_are_the_cli_outputs(server, capsys, monkeypatch, fmt):
    answer = post_form(server, f"/download/{fmt}", [seed(name) for name in NAMES])
    assert answer.status == 200
    disposition = answer.headers["content-disposition"]
    assert disposition.startswith("attachment;")
    assert unquote(disposition.split("UTF-8''")[1]) == f"fzcheck-批量检查.{fmt}"
    assert answer.body == cli_output(capsys, monkeypatch, fmt, *NAMES)


def test_the_excel_download_is_a_workbook_of_the_reports(server):
    openpyxl = pytest.importorskip("openpyxl")
    answer = post_form(server, "/download/xlsx", [seed(name) for name in NAMES])
    assert answer.status == 200
    workbook = openpyxl.load_workbook(io.BytesIO(answer.body))
    cells = {str(cell.value) for sheet in workbook for row in sheet.iter_rows() for cell in row}
    assert set(NAMES) <= cells


def test_the_scorecard_download_names_the_report(server):
    answer = post_form(server, "/download/html", [seed(NAMES[0])])
    assert answer.status == 200
    assert unquote(answer.headers["content-disposition"].split("UTF-8''")[1]) == f"{NAMES[0][:-4]}-评分.html"
    assert answer.body.startswith(b"<!DOCTYPE html>")


def test_the_word_download_is_one_commented_copy_per_report(server, tmp_path):
    docx = pytest.importorskip("docx")
    path = seed_docx(tmp_path, NAMES[0], "甲镇.docx")
    document = docx.Document(path)
    single = post_form(server, "/download/docx", [(path.name, path.read_bytes())])
    assert single.status == 200
    assert unquote(single.headers["content-disposition"].split("UTF-8''")[1]) == "甲镇-批注.docx"
    copy = docx.Document(io.BytesIO(single.body))
    assert copy.paragraphs[0].text == document.paragraphs[0].text  # the upload itself, with comments added
    with zipfile.ZipFile(io.BytesIO(single.body)) as package:
        assert "word/comments.xml" in package.namelist()
    batch = post_form(server, "/download/docx", [(path.name, path.read_bytes()), seed(NAMES[1])])
    assert batch.status == 200 and batch.headers["content-type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(batch.body)) as archive:
        names = archive.namelist()
        assert names == ["01-甲镇-批注.docx", f"02-{NAMES[1][:-4]}-批注.docx"]
        for name in names:
            with zipfile.ZipFile(io.BytesIO(archive.read(name))) as package:
                assert "word/comments.xml" in package.namelist()


def test_an_unknown_download_is_404(server):
    assert post_form(server, "/download/exe", [seed()]).status == 404


def test_errors_are_shown_on_the_page_with_their_status(server):
    answer = post_form(server, "/check", [("空白.txt", b"  ")])
    assert answer.status == 400
    page = answer.body.decode("utf-8")
    assert "无法检查" in page and "空白.txt: 文件为空" in page
    answer = post_form(server, "/check", [("a.exe", b"MZ")])
    assert answer.status == 415


def test_a_batch_page_ranks_and_links_every_report(server):
    answer = post_form(server, "/check", [seed(name) for name in NAMES])
    assert answer.status == 200
    page = answer.body.decode("utf-8")
    for index, _name in enumerate(NAMES, start=1):
        assert f'href="#r{index}"' in page and f'id="r{index}"' in page


def test_with_a_token_a_browser_gets_in_through_the_login_page():
    with running(settings(token=TOKEN)) as address:
        front = request(address, "GET", "/")
        assert front.status == 303 and front.headers["location"] == "/login"
        assert request(address, "GET", "/login").status == 200
        assert request(address, "GET", "/static/web.js").status == 200
        assert post_form(address, "/check", [seed()]).status == 303
        wrong = request(address, "POST", "/login", b"token=wrong", "application/x-www-form-urlencoded")
        assert wrong.status == 401 and "令牌不对" in wrong.body.decode("utf-8")
        right = request(address, "POST", "/login", f"token={TOKEN}".encode(), "application/x-www-form-urlencoded")
        assert right.status == 303
        cookie = right.headers["set-cookie"]
        assert "HttpOnly" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
        assert TOKEN not in cookie
        session = {"Cookie": cookie.split(";")[0]}
        assert request(address, "GET", "/", headers=session).status == 200
        assert post_form(address, "/check", [seed()], headers=session).status == 200
        assert post_form(address, "/api/check", [seed()], headers=session).status == 200
        forged = {"Cookie": "fzcheck_session=" + "0" * 64}
        assert request(address, "GET", "/", headers=forged).status == 303
