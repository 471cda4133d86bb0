"""Writing, editing and deleting stories."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.text import slugify

from accounts.aliases import new_alias
from forum import search
from forum.models import Story, Theme
from forum.rendering import excerpt, render_markdown
from moderation.states import State

from .common import (
    apply_edit_intake,
    create_once,
    decide_intake,
    hash_token,
    intake_fields,
    new_manage_token,
)


@dataclass(frozen=True)
class Submitted:
    story: Story
    created: bool
    # The guest's manage token, in the clear: shown once, then only its hash exists.
    manage_token: str = ""


def story_slug(title: str) -> str:
    return slugify(title)[:140].strip("-") or "story"


def refresh_theme_counts(theme_ids=None) -> None:
    """Recount published stories per theme (nine rows; indexed count).

    The theme rows are locked first, in id order: on PostgreSQL a recount racing another
    writer's would otherwise read a snapshot from before that writer committed and lose its
    story. The UPDATE runs after the lock, so its snapshot includes every committed story.
    """
    themes = Theme.objects.all()
    if theme_ids is not None:
        themes = themes.filter(pk__in=list(theme_ids))
    with transaction.atomic():
        list(themes.order_by("pk").select_for_update().values_list("pk", flat=True))
        _recount_themes(themes)


def _recount_themes(themes) -> None:
    counts = (
        Story.themes.through.objects.filter(theme_id=OuterRef("pk"), story__state=State.PUBLISHED)
        .values("theme_id")
        .annotate(n=Count("*"))
        .values("n")
    )
    themes.update(story_count=Coalesce(Subquery(counts), 0))


def after_visibility_change(story: Story) -> None:
    """Keep search and theme counts in step with a story's state. Call inside the transaction."""
    if story.state == State.PUBLISHED:
        search.index_story(story)
        if story.update_count:
            from .updates import announce_updates

            announce_updates(story)
    else:
        search.unindex_story(story.pk)
    refresh_theme_counts(story.themes.values_list("pk", flat=True))


def story_submit(
    *,
    user,
    title: str,
    body: str,
    themes: list[Theme],
    content_note: str = "",
    content_warnings: list[str] | None = None,
    answer_mode: str = "listen",
    submit_token: str = "",
    client_hash: str = "",
    hold: str = "",
    attention: str = "",
) -> Submitted:
    """Save a new story, published or pending as the intake rules decide.

    A repeated ``submit_token`` (refresh, double click) returns the story made the first time.
    """
    intake = decide_intake(
        user=user, text=f"{title}\n{content_note}\n{body}", hold=hold, attention=attention
    )
    body_html = render_markdown(body)
    manage_token = "" if user is not None and user.is_authenticated else new_manage_token()

    def create() -> Story:
        story = Story(
            author=user if user is not None and user.is_authenticated else None,
            alias=new_alias(),
            title=title,
            slug=story_slug(title),
            body=body,
            body_html=body_html,
            excerpt=excerpt(body_html),
            content_note=content_note,
            content_warnings=sorted(set(content_warnings or [])),
            answer_mode=answer_mode,
            submit_token=submit_token or None,
            client_hash=client_hash,
            guest_token_hash=hash_token(manage_token) if manage_token else "",
            **intake_fields(intake, now=timezone.now()),
        )
        with transaction.atomic():
            story.save()
            story.themes.set(themes)
            if story.state == State.PUBLISHED:
                after_visibility_change(story)
        return story

    story, created = create_once(Story, submit_token=submit_token, create=create)
    if not created:
        return Submitted(story=story, created=False)
    return Submitted(story=story, created=True, manage_token=manage_token)


def story_edit(
    *,
    story: Story,
    user,
    title: str,
    body: str,
    themes: list[Theme],
    content_note: str,
    content_warnings: list[str],
    answer_mode: str,
    hold: str = "",
    attention: str = "",
) -> Story:
    """Apply the author's edit. A published story edited by a not-yet-trusted author (or a
    guest) goes back to review; a trusted author's edit stays published."""
    intake = decide_intake(
        user=user, text=f"{title}\n{content_note}\n{body}", hold=hold, attention=attention
    )
    with transaction.atomic():
        story = Story.objects.select_for_update().get(pk=story.pk)
        old_theme_ids = set(story.themes.values_list("pk", flat=True))
        story.title = title
        story.slug = story_slug(title)
        story.body = body
        story.body_html = render_markdown(body)
        story.excerpt = excerpt(story.body_html)
        story.content_note = content_note
        story.content_warnings = sorted(set(content_warnings))
        story.answer_mode = answer_mode
        apply_edit_intake(story, intake, now=timezone.now())
        story.save()
        story.themes.set(themes)
        after_visibility_change(story)
        refresh_theme_counts(old_theme_ids)
    return story


def story_set_answer_mode(*, story: Story, answer_mode: str) -> None:
    Story.objects.filter(pk=story.pk).update(answer_mode=answer_mode)


def story_set_replies_closed(*, story: Story, closed: bool) -> bool:
    """The author closes or reopens replies. Returns whether anything changed."""
    return bool(
        Story.objects.filter(pk=story.pk, replies_closed=not closed).update(replies_closed=closed)
    )


def story_delete(*, story: Story) -> None:
    """Delete for real: the text, its replies, reactions and search entry are gone."""
    with transaction.atomic():
        theme_ids = list(story.themes.values_list("pk", flat=True))
        search.unindex_story(story.pk)
        story.delete()
        refresh_theme_counts(theme_ids)


def story_for_manage_token(token: str, *, removed: bool = False) -> Story | None:
    """The guest's story behind a manage link, or None. Removed stories are not manageable
    (``removed=True`` finds them too: their link leads to the appeal page)."""
    if not token or len(token) > 200:
        return None
    stories = Story.objects.all() if removed else Story.objects.exclude(state=State.REMOVED)
    return (
        stories.filter(guest_token_hash=hash_token(token), author__isnull=True)
        .exclude(guest_token_hash="")
        .first()
    )


def stories_of(user):
    """The account's own stories, for /me/."""
    return Story.objects.filter(author=user).exclude(state=State.REMOVED).order_by("-created_at")
