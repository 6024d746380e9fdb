"""The web shell: an ASGI app (Starlette, served by uvicorn) over the same checking, rendering and output
code as the command line. Needs the `web` extra: `pip install "fzcheck[web]"`."""
