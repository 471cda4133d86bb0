"""The benchmark's ceiling: a page as large as a story list, rendered with no database.

Mounted at /bench/ceiling/ only when ``UNSPOKEN_BENCH_CEILING`` is on (never in production).
It goes through the same middleware and base template as every page, and is never cached, so
it measures what Django itself can serve on this machine.
"""

from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

_WORDS = (
    "We sit at the same table and the silence has its own chair. I keep a list of things I "
    "would say if anyone asked, and nobody asks. Evenings are screens and dishes and the hum "
    "of the fridge, and I tell myself this is what long love looks like."
)
CARDS = [
    {
        "url": f"/stories/{n}/a-quiet-house/",
        "title": f"The evenings in our quiet house, part {n}",
        "alias": "Gentle Reed",
        "published": "2025-01-01T12:00:00+00:00",
        "since": f"{n} days ago",
        "replies": n % 7,
        "support": n * 3 % 11,
        "excerpt": _WORDS,
        "themes": [("Silence at home", "/themes/silence/"), ("Feeling unseen", "/themes/unseen/")],
    }
    for n in range(1, 21)
]


@require_safe
@never_cache
def ceiling(request):
    # ?chrome=rendered: header and footer rendered on each request, not taken from the store
    # of rendered fragments: the ceiling as issue 15's figures measured it.
    unstored = request.GET.get("chrome") == "rendered"
    return render(request, "bench/ceiling.html", {"cards": CARDS, "chrome_unstored": unstored})
