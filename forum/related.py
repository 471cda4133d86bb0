"""'You're not alone': a few published stories close to the one being read.

Shared themes first (the more shared, the closer), then stories whose words overlap. Cached
per story for a while, so a story page pays for it at most once in that time.
"""

from django.core.cache import cache
from django.db.models import Count

from forum import search
from forum.models import Story

CACHE_SECONDS = 15 * 60
CANDIDATES = 60


def related_story_ids(story: Story, *, limit: int = 5) -> list[int]:
    key = f"related:{story.pk}:{int(story.updated_at.timestamp())}"
    ids = cache.get(key)
    if ids is None:
        ids = _compute(story, limit)
        cache.set(key, ids, CACHE_SECONDS)
    return ids


def _compute(story: Story, limit: int) -> list[int]:
    theme_ids = Story.themes.through.objects.filter(story_id=story.pk).values("theme_id")
    # Recent stories sharing a theme, most shared themes first. The inner slice bounds the work
    # to the newest candidates, which the (state, published_at) index serves directly.
    candidates = list(
        Story.objects.published()
        .filter(themes__in=theme_ids)
        .exclude(pk=story.pk)
        .values("pk")
        .annotate(shared=Count("pk"))
        .order_by("-shared", "-published_at")[:CANDIDATES]
    )
    ids = [row["pk"] for row in candidates if row["shared"] > 1][:limit]
    if len(ids) < limit:
        try:
            similar = search.similar_story_ids(
                f"{story.title} {story.excerpt}", exclude=story.pk, limit=20
            )
        except search.SearchTooCostly:
            similar = []  # the theme candidates below fill the list
        ids += [pk for pk in similar if pk not in ids][: limit - len(ids)]
    if len(ids) < limit:
        ids += [row["pk"] for row in candidates if row["pk"] not in ids][: limit - len(ids)]
    return ids
