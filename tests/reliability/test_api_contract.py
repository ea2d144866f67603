"""The JSON API keeps the contract it publishes at ``/openapi.json``, under fuzzing.

Schemathesis reads the app's own schema and sends every operation generated requests, valid
and invalid, as a signed-in user (an admin, so the admin routes are exercised past their
gate), on SQLite and on PostgreSQL. What an API client relies on must hold for every
response: never a 5xx, the body matches the schema documented for its status and media
type, and the status itself is one the route documents.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, Phase
from hypothesis.errors import Unsatisfiable
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.python import asgi
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from companion_bot.composition import create_app
from companion_bot.config import load_settings
from companion_bot.storage import users
from companion_bot.storage.db import make_engine, make_sessionmaker
from companion_bot.testing import FrozenClock

pytestmark = pytest.mark.slow

# Wednesday 25 November 2026, 09:00 UTC (10:00 in Berlin).
NOW = dt.datetime(2026, 11, 25, 9, 0, tzinfo=dt.UTC)
PASSWORD = "correct horse battery"
EXAMPLES_PER_MODE = 25
#: Reproducible (derandomized, no example database) and bounded; nothing is shrunk, because
#: failures are collected rather than raised, so every operation is fully exercised.
FUZZ = hypothesis.settings(
    max_examples=EXAMPLES_PER_MODE,
    deadline=None,
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
    suppress_health_check=list(HealthCheck),
)
CHECKS = [
    not_a_server_error,
    status_code_conformance,
    response_schema_conformance,
    content_type_conformance,
]
LOGINS_PER_MINUTE = 5
#: A request that takes longer than this is a hang, reported as a failure.
REQUEST_TIMEOUT_SECONDS = 10.0
#: Live streams end after this long here (15 s keep-alive, 25 s cap in production): the
#: stream is fuzzed like any other route and its responses stay complete.
STREAM_SECONDS = 0.01
WRITES = frozenset({"POST", "PUT", "PATCH", "DELETE"})
JSON = {"Content-Type": "application/json"}
#: Routes that end the login they are sent with: they get the second account's.
ENDS_ITS_LOGIN = frozenset({"POST /api/auth/logout", "POST /api/auth/logout-all"})


@dataclass
class Account:
    username: str
    token: str

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


@dataclass
class Api:
    schema: schemathesis.BaseSchema
    user: Account
    other: Account  # signed in only to be signed out by the fuzzed logouts
    schedule_id: int  # a meeting of ``user``


@dataclass
class Findings:
    """What the fuzzing saw: statuses per operation, and every failed check or crash."""

    statuses: dict[str, Counter[int]] = field(default_factory=dict)
    #: (operation, status, what failed) -> one request that shows it, and how many did
    failures: dict[tuple[str, int | None, str], tuple[str, int]] = field(default_factory=dict)

    def fail(self, label: str, status: int | None, what: str, example: str) -> None:
        first, count = self.failures.get((label, status, what), (example, 0))
        self.failures[(label, status, what)] = (first, count + 1)

    def report(self) -> str:
        return "\n".join(
            f"{label} -> {status} ({count}x): {what}\n    {example}"
            for (label, status, what), (example, count) in sorted(
                self.failures.items(), key=lambda item: (item[0][0], item[0][1] or 0)
            )
        )

    def server_errors(self) -> dict[str, list[int]]:
        return {
            label: sorted(code for code in seen if code >= 500)
            for label, seen in self.statuses.items()
            if any(code >= 500 for code in seen)
        }


def _sign_up(schema: schemathesis.BaseSchema, username: str) -> Account:
    case = schema["/api/auth/signup"]["POST"].Case(
        body={"username": username, "password": PASSWORD, "timezone": "Europe/Berlin"},
        media_type="application/json",
    )
    response = case.call()
    assert response.status_code == 201, response.text
    return Account(username=username, token=response.json()["token"])


def _book_meeting(schema: schemathesis.BaseSchema, user: Account) -> int:
    case = schema["/api/messages"]["POST"].Case(
        body={"text": "Team meeting 3-4 PM Friday"}, media_type="application/json"
    )
    response = case.call(headers=user.headers)
    assert response.status_code == 200, response.text
    created: list[dict[str, Any]] = response.json()["created"]
    assert len(created) == 1, created
    return int(created[0]["id"])


async def _grant_admin(db_url: str, username: str) -> None:
    """What ``companion-bot admin grant USERNAME`` does."""
    engine = make_engine(db_url)
    try:
        async with make_sessionmaker(engine)() as session:
            assert await users.set_admin(session, username=username, is_admin=True)
            await session.commit()
    finally:
        await engine.dispose()


@pytest.fixture
def api(db_url: str) -> Iterator[Api]:
    """The app with its lifespan run by schemathesis' ASGI client, a signed-in admin and a
    second account."""
    settings = load_settings(
        database_url=db_url,
        jobs_embedded=False,
        api_docs=True,
        # Few password checks (each a costly argon2 hash) before the login limit's 429.
        login_attempts_per_address_per_minute=LOGINS_PER_MINUTE,
    )
    app = create_app(settings, clock=FrozenClock(NOW))
    app.state.hub.max_stream_seconds = STREAM_SECONDS
    try:
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        user = _sign_up(schema, "fuzz_admin")
        other = _sign_up(schema, "fuzz_other")
        asyncio.run(_grant_admin(db_url, user.username))
        yield Api(schema, user, other, _book_meeting(schema, user))
    finally:
        # Ends the lifespan the ASGI client started (schemathesis' pytest plugin does so after
        # each test too): the engine is disposed of before the database is dropped.
        asgi.shutdown_lifespans()


def _send(case: schemathesis.Case, headers: dict[str, str], findings: Findings) -> None:
    """One generated request, and the contract checks on its response."""
    label = case.operation.label
    try:
        response = case.call(headers=headers, timeout=REQUEST_TIMEOUT_SECONDS)
    except Exception as exc:  # a crash or a hang: reported with the request that caused it
        what = f"no response: {type(exc).__name__}"
        findings.fail(label, None, what, f"{exc}\n    {case.as_curl_command()}")
        return
    findings.statuses.setdefault(label, Counter())[response.status_code] += 1
    try:
        case.validate_response(response, checks=CHECKS, headers=headers)
    except FailureGroup as group:
        for failure in group.exceptions:
            example = f"{failure.message}\n    {case.as_curl_command()}"
            findings.fail(label, response.status_code, failure.title, example)


def _fuzz_operation(
    operation: schemathesis.APIOperation,
    headers: dict[str, str],
    findings: Findings,
    path_parameters: dict[str, object] | None = None,
) -> None:
    """Valid, then invalid requests to one operation (``path_parameters`` fixed if given)."""
    for mode in (schemathesis.GenerationMode.POSITIVE, schemathesis.GenerationMode.NEGATIVE):
        strategy = operation.as_strategy(generation_mode=mode, path_parameters=path_parameters)

        @FUZZ
        @hypothesis.given(strategy)
        def fuzz(case: schemathesis.Case) -> None:
            _send(case, headers, findings)

        try:
            fuzz()
        except Unsatisfiable:
            # Without parameters or a body (GET /api/schedules) there is nothing to make
            # invalid; a valid request can always be made.
            if mode is schemathesis.GenerationMode.POSITIVE:
                raise


def _fuzz(api: Api) -> Findings:
    findings = Findings()
    for result in api.schema.get_all_operations():
        operation = result.ok()
        label = operation.label
        headers = (api.other if label in ENDS_ITS_LOGIN else api.user).headers
        _fuzz_operation(operation, headers, findings)
        if operation.method.upper() in WRITES and not operation.body:
            # Sent without a body schemathesis sets no Content-Type (the guard's 415); the
            # page sends every write as JSON, which gets past the guard.
            _fuzz_operation(operation, {**headers, **JSON}, findings)
        if label == "PATCH /api/schedules/{schedule_id}":
            # Random ids find no meeting: edits of a real one get past the 404.
            _fuzz_operation(operation, headers, findings, {"schedule_id": api.schedule_id})
    return findings


def test_every_response_keeps_the_published_contract(api: Api) -> None:
    findings = _fuzz(api)

    assert findings.server_errors() == {}
    problems = findings.report()
    assert not problems, "\n" + problems
    operations = {result.ok().label for result in api.schema.get_all_operations()}
    assert set(findings.statuses) == operations  # every operation was fuzzed and answered
