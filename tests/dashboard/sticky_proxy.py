"""A small reverse proxy with sticky sessions, for the multi-process test: what nginx or a load
balancer does in production, in a form the tests can start anywhere.

``python sticky_proxy.py PORT http://127.0.0.1:8501 http://127.0.0.1:8502`` listens on
127.0.0.1:PORT and sends each browser to one backend, remembered in the cookie ``backend`` (a
new browser gets the next backend in turn); HTTP requests and websockets (Streamlit's
``/_stcore/stream``) are passed through with the browser's Host, Origin and cookies.
"""

from __future__ import annotations

import asyncio
import itertools
import sys

import httpx
import uvicorn
import websockets
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

COOKIE = "backend"
HOP_BY_HOP = {
    "connection",
    "keep-alive",
    "transfer-encoding",
    "upgrade",
    "content-length",
    "content-encoding",  # httpx hands over the decoded body
}
BACKENDS = sys.argv[2:]
_turn = itertools.cycle(range(len(BACKENDS) or 1))
client = httpx.AsyncClient(timeout=60)


def _backend(cookies: dict[str, str]) -> tuple[int, bool]:
    """The browser's backend, and whether it was chosen just now."""
    chosen = cookies.get(COOKIE, "")
    if chosen.isdigit() and int(chosen) < len(BACKENDS):
        return int(chosen), False
    return next(_turn), True


async def http(request: Request) -> Response:
    index, new = _backend(request.cookies)
    target = (
        BACKENDS[index] + request.url.path + (f"?{request.url.query}" if request.url.query else "")
    )
    headers = [(k, v) for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP]
    upstream = await client.request(
        request.method, target, headers=headers, content=await request.body()
    )
    response = Response(upstream.content, status_code=upstream.status_code)
    for name, value in upstream.headers.multi_items():
        if name.lower() not in HOP_BY_HOP:
            response.raw_headers.append((name.lower().encode(), value.encode()))
    response.headers["x-backend"] = str(index)  # which process answered, for the test to see
    if new:
        response.set_cookie(COOKIE, str(index), httponly=True, samesite="lax")
    return response


async def websocket(browser: WebSocket) -> None:
    index, _new = _backend(browser.cookies)
    base = BACKENDS[index].replace("http://", "ws://", 1)
    query = browser.url.query
    target = base + browser.url.path + (f"?{query}" if query else "")
    passed = {
        k: v for k, v in browser.headers.items() if k.lower() in ("cookie", "user-agent", "host")
    }
    async with websockets.connect(
        target,
        subprotocols=browser.scope.get("subprotocols") or None,
        additional_headers=passed,
        origin=browser.headers.get("origin"),
        max_size=None,
        compression=None,
    ) as upstream:
        await browser.accept(subprotocol=upstream.subprotocol)

        async def to_backend() -> None:
            try:
                while True:
                    message = await browser.receive()
                    if message["type"] == "websocket.disconnect":
                        break
                    await upstream.send(message.get("bytes") or message.get("text") or b"")
            except WebSocketDisconnect:
                pass
            await upstream.close()

        async def to_browser() -> None:
            try:
                async for message in upstream:
                    if isinstance(message, bytes):
                        await browser.send_bytes(message)
                    else:
                        await browser.send_text(message)
            except websockets.ConnectionClosed:
                pass
            await browser.close()

        await asyncio.gather(to_backend(), to_browser(), return_exceptions=True)


app = Starlette(
    routes=[
        WebSocketRoute("/{path:path}", websocket),
        Route(
            "/{path:path}",
            http,
            methods=["GET", "POST", "PUT", "DELETE", "PATCH", "HEAD", "OPTIONS"],
        ),
    ]
)

if __name__ == "__main__":
    uvicorn.run(app, host="127.0.0.1", port=int(sys.argv[1]), log_level="warning", ws="websockets")
