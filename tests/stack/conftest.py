"""The production stack for the multi-instance tests (`make stack-test`).

These tests talk to PostgreSQL, Redis, two gunicorn instances and nginx, so they run only
when selected with ``-m stack``: ``make test`` leaves them out. They use the stack that
``make stack-up`` started if there is one, else start their own and stop it afterwards.
"""

from pathlib import Path

import pytest

from deploy.client import Client
from deploy.stack import Stack

STACK_DIR = Path(__file__).resolve().parent


def pytest_collection_modifyitems(config, items):
    if "stack" in (config.option.markexpr or ""):
        return
    ours = [item for item in items if STACK_DIR in Path(str(item.fspath)).parents]
    if ours:
        config.hook.pytest_deselected(items=ours)
        items[:] = [item for item in items if item not in ours]


@pytest.fixture(scope="session")
def stack():
    running = Stack.load()
    if running is not None and running.healthy(running.url):
        yield running
        return
    if running is not None:
        running.down()
    started = Stack()
    try:
        started.up()
        yield started
    finally:
        started.down()


@pytest.fixture(scope="session")
def readers(stack):
    """Sessions of trusted seeded readers, and stories open to replies."""
    return stack.reader_sessions(4)


@pytest.fixture
def visitor(stack):
    """A new visitor through nginx, from an address of its own."""
    client = Client(stack.url, cafile=stack.cert)
    yield client
    client.close()
