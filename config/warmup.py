"""Work a process would otherwise do in its first requests, done once before gunicorn forks.

Each worker then starts with the word lists and the compiled templates it inherits from the
master, instead of spending its first requests (and each replacement worker after
``max_requests``, its first requests again) reading them while other requests wait.
No database or cache connection is opened here.
"""

from pathlib import Path

from django.template import engines


def _template_names(directory: Path) -> list[str]:
    return sorted(
        str(path.relative_to(directory))
        for path in directory.rglob("*")
        if path.suffix in {".html", ".txt", ".xml"}
    )


def warm() -> int:
    """Compile every template of the project's template directories and load the checks'
    word lists; returns the number of templates compiled."""
    from forum.checks import warm as warm_checks

    warm_checks()
    compiled = 0
    for engine in engines.all():
        for directory in getattr(engine, "dirs", []):
            for name in _template_names(Path(directory)):
                engine.get_template(name)
                compiled += 1
    return compiled
