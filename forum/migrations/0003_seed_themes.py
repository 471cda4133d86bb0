"""The nine themes the site starts with, in our own words. Moderators edit them in the admin."""

from django.db import migrations

THEMES = [
    (
        "Subtle signs",
        "subtle-signs",
        "The quiet clues: talk shrinking to schedules and bills, no fights but no warmth, "
        "feeling alone on the same sofa.",
    ),
    (
        "How it affects us",
        "how-it-affects-us",
        "What years of not being seen do to closeness, trust and the way we think of ourselves.",
    ),
    (
        "Why it goes unspoken",
        "why-it-goes-unspoken",
        "Nothing dramatic to point at, so it gets called stress or just how things are. "
        "Naming it is hard.",
    ),
    (
        "Childhood and emotional blueprints",
        "childhood-and-emotional-blueprints",
        "Homes where feelings were not talked about, and how that shapes the way we love now.",
    ),
    (
        "What emotional presence looks like",
        "what-emotional-presence-looks-like",
        "Small, steady attention: listening without fixing, noticing, asking how someone "
        "really is.",
    ),
    (
        "Reconnecting",
        "reconnecting",
        "First steps back towards each other: open questions, small rituals, trying again.",
    ),
    (
        "When one partner doesn't see it",
        "when-one-partner-doesnt-see-it",
        "Feeling starved for closeness while the other person thinks everything is fine.",
    ),
    (
        "Finding support",
        "finding-support",
        "Therapy, counselling, friends and groups: how people found help and what it was like.",
    ),
    (
        "Hope and healing",
        "hope-and-healing",
        "Stories of things getting better, slowly, and of finding our own worth along the way.",
    ),
]


def seed(apps, schema_editor):
    Theme = apps.get_model("forum", "Theme")
    for order, (name, slug, description) in enumerate(THEMES, start=1):
        Theme.objects.update_or_create(
            slug=slug, defaults={"name": name, "description": description, "order": order}
        )


def unseed(apps, schema_editor):
    Theme = apps.get_model("forum", "Theme")
    Theme.objects.filter(slug__in=[slug for _, slug, _ in THEMES]).delete()


class Migration(migrations.Migration):
    dependencies = [("forum", "0002_search_index")]
    operations = [migrations.RunPython(seed, unseed)]
