"""A TCP proxy in front of PostgreSQL that can make the database unavailable on demand
(imported by name: tests have no packages).

``await proxy.outage(seconds)`` cuts every open connection in the middle of whatever it was
doing, then for the first half of the outage refuses new connections (nothing listens on the
port, as when the server is down) and for the second half accepts them and answers the
startup packet as a PostgreSQL that is restarting does ("the database system is starting
up", SQLSTATE 57P03). Afterwards connections reach the server again.
"""

from __future__ import annotations

import asyncio
import contextlib
import struct
from dataclasses import dataclass, field

SSL_REQUEST_CODE = 80877103
STARTING_UP = "the database system is starting up"


def _error_response(sqlstate: str, message: str) -> bytes:
    """A FATAL ``ErrorResponse`` message of the PostgreSQL wire protocol."""
    fields = b"".join(
        code + value.encode() + b"\0"
        for code, value in ((b"S", "FATAL"), (b"V", "FATAL"), (b"C", sqlstate), (b"M", message))
    )
    body = fields + b"\0"
    return b"E" + struct.pack("!I", len(body) + 4) + body


@dataclass
class PgProxy:
    upstream_host: str
    upstream_port: int
    host: str = "127.0.0.1"
    port: int = 0
    mode: str = "up"  # up | refuse | starting_up
    accepted: int = 0
    cut: int = 0
    _server: asyncio.Server | None = None
    _pipes: set[asyncio.Task[None]] = field(default_factory=set)
    _writers: set[asyncio.StreamWriter] = field(default_factory=set)

    async def start(self) -> None:
        self._server = await asyncio.start_server(
            self._accept, self.host, self.port, reuse_address=True
        )
        self.port = self._server.sockets[0].getsockname()[1]

    async def close(self) -> None:
        await self._stop_listening()
        self._cut_all()
        for task in list(self._pipes):
            task.cancel()
        await asyncio.gather(*self._pipes, return_exceptions=True)

    async def outage(self, seconds: float) -> None:
        """The database is unreachable for ``seconds``, then reachable again."""
        self._cut_all()
        self.mode = "refuse"
        await self._stop_listening()
        await asyncio.sleep(seconds / 2)
        self.mode = "starting_up"
        await self.start()
        await asyncio.sleep(seconds / 2)
        self.mode = "up"

    async def _stop_listening(self) -> None:
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()
            self._server = None

    def _cut_all(self) -> None:
        for writer in list(self._writers):
            writer.transport.abort()
            self.cut += 1
        self._writers.clear()

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.accepted += 1
        if self.mode == "starting_up":
            await self._answer_starting_up(reader, writer)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(
                self.upstream_host, self.upstream_port
            )
        except OSError:
            writer.transport.abort()
            return
        self._writers.update((writer, up_writer))
        for task in (
            asyncio.create_task(self._pipe(reader, up_writer)),
            asyncio.create_task(self._pipe(up_reader, writer)),
        ):
            self._pipes.add(task)
            task.add_done_callback(self._pipes.discard)

    async def _answer_starting_up(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter
    ) -> None:
        with contextlib.suppress(OSError, asyncio.IncompleteReadError):
            length, code = struct.unpack("!II", await reader.readexactly(8))
            if code == SSL_REQUEST_CODE:
                writer.write(b"N")  # no TLS here; the client sends its startup packet next
                length, code = struct.unpack("!II", await reader.readexactly(8))
            await reader.readexactly(length - 8)
            writer.write(_error_response("57P03", STARTING_UP))
            await writer.drain()
        writer.close()

    async def _pipe(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            while data := await reader.read(65536):
                writer.write(data)
                await writer.drain()
        except OSError:
            pass
        finally:
            self._writers.discard(writer)
            writer.transport.abort()
