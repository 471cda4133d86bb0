"""README's Deploy section and the stack script (deploy/stack.py) say the same thing."""

import re
from pathlib import Path

from deploy.stack import Stack

ROOT = Path(__file__).resolve().parents[2]


def _deploy_section() -> str:
    readme = (ROOT / "README.md").read_text()
    return readme.split("\n## Deploy\n", 1)[1].split("\n## ", 1)[0]


def test_the_documented_environment_is_the_one_the_stack_gives_every_app_server():
    block = _deploy_section().split("```sh", 1)[1].split("```", 1)[0]
    documented = set(re.findall(r"\b([A-Z][A-Z_]+)=", block))
    assert documented == set(Stack().env())


def test_the_documented_commands_are_the_ones_the_stack_runs():
    section = _deploy_section()
    script = (ROOT / "deploy" / "stack.py").read_text()
    assert "`gunicorn -c config/gunicorn.py config.wsgi`" in section
    assert '"-c", "config/gunicorn.py", "config.wsgi"' in script
    for step in ('"migrate", "--noinput"', '"collectstatic", "--noinput"'):
        assert step in script
    assert '"check", "--deploy", "--fail-level", "WARNING"' in script
    assert "check --deploy --fail-level WARNING" in section
    assert "deploy/nginx.conf.in" in section and (ROOT / "deploy" / "nginx.conf.in").exists()
