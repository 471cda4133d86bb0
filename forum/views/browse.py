"""What visitors read: home, lists, themes, waiting, a story, search."""

import re

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from forum import pagecache, search
from forum.filters import Reasons, asked_to_show, hidden_for, reader_filter
from forum.models import Reply, Story, Theme
from forum.pagination import PER_PAGE, cached_count, paginate
from forum.querysets import attach_theme_tags
from forum.related import related_story_ids
from forum.services.replies import own_replies
from forum.services.updates import updates_for
from moderation.states import State

from .replies import thread_context

SORTS = {
    "newest": _("Newest"),
    "supported": _("Most supported"),
    "waiting": _("Waiting longest"),
}


def _sort(request) -> str:
    sort = request.GET.get("sort", "newest")
    return sort if sort in SORTS else "newest"


@require_safe
def home(request):
    stories = Story.objects.published().for_cards()
    recent = list(stories.sorted_by("newest")[:8])
    waiting = list(Story.objects.waiting().for_cards().sorted_by("waiting")[:5])
    attach_theme_tags(recent + waiting)
    pagecache.depends_on_stories(request, recent + waiting)
    return render(
        request,
        "forum/home.html",
        {"themes": Theme.objects.all(), "recent": recent, "waiting": waiting},
    )


@require_safe
def story_list(request):
    sort = _sort(request)
    stories = Story.objects.published().for_cards().sorted_by(sort)
    page = paginate(request, stories, count=cached_count("published", stories))
    attach_theme_tags(page.object_list)
    pagecache.depends_on_stories(request, page.object_list)
    return render(request, "forum/story_list.html", {"page": page, "sort": sort, "sorts": SORTS})


@require_safe
def theme_list(request):
    return render(request, "forum/theme_list.html", {"themes": Theme.objects.all()})


@require_safe
def theme_detail(request, slug):
    theme = get_object_or_404(Theme, slug=slug)
    sort = _sort(request)
    stories = Story.objects.published().in_theme(theme).for_cards().sorted_by(sort)
    page = paginate(request, stories, count=theme.story_count)
    attach_theme_tags(page.object_list)
    pagecache.depends_on_stories(request, page.object_list)
    return render(
        request,
        "forum/theme_detail.html",
        {
            "theme": theme,
            "page": page,
            "sort": sort,
            "sorts": SORTS,
        },
    )


@require_safe
def waiting(request):
    stories = Story.objects.waiting().for_cards().sorted_by("waiting")
    page = paginate(request, stories, count=cached_count("waiting", stories))
    attach_theme_tags(page.object_list)
    pagecache.depends_on_stories(request, page.object_list)
    return render(request, "forum/waiting.html", {"page": page})


@require_safe
def story_detail(request, pk, slug=None):
    story = get_object_or_404(
        Story.objects.visible_to(request.user).with_reader_marks(request.user), pk=pk
    )
    if slug != story.slug:
        return redirect(story.get_absolute_url(), permanent=True)
    return render_story_page(request, story)


def render_story_page(request, story, *, status: int = 200, **extra):
    """The story page: the story, a page of replies and the reply box. ``extra`` overrides the
    context, as when a reply sent from this page comes back with its errors or prompts at the
    reply box (``reply_form``), so the writer never leaves the story to mend it.

    A story the reader chose to hide is sent as its quiet line and a "show anyway" link only,
    until they follow it (``?show=1``): a folded <details> would still open by itself when a
    link's #fragment or find-in-page points inside it.
    """
    hidden = Reasons()
    if reader_filter(request):
        attach_theme_tags([story])  # what the reader hides may be one of its themes
        hidden = hidden_for(request, story)
        if hidden and not asked_to_show(request) and not extra:
            pagecache.depends_on_stories(request, [story])
            return render(
                request,
                "forum/story_held.html",
                {"story": story, "hidden": hidden},
                status=status,
            )
    replies = (
        Reply.objects.visible_to(request.user)
        .filter(story=story)
        .only(*REPLY_FIELDS)
        .order_by("created_at", "id")
    )
    related = []
    if story.is_published:
        ids = related_story_ids(story)
        by_id = Story.objects.published().for_cards().in_bulk(ids)
        related = [by_id[i] for i in ids if i in by_id]
    pagecache.depends_on_stories(request, [story, *related])
    # The story's themes (unless the reader's filter already read them) and its related
    # stories' themes in one query.
    attach_theme_tags([story, *related])
    user = request.user
    # The viewer's own replies give their thread alias and, with the denormalised count of
    # published replies, the number of replies they can see: no COUNT over the thread.
    own = own_replies(story=story, user=user)
    visible_count = story.reply_count + sum(1 for _, state in own if state == State.PENDING)
    is_author = user.is_authenticated and story.author_id == user.pk
    expand_notes = user.is_authenticated and user.always_expand_notes
    # A story the reader chose to hide (and asked to see) stays folded whatever "always
    # expand" says.
    return render(
        request,
        "forum/story_detail.html",
        {
            "story": story,
            "replies": paginate(
                request, replies, per_page=50, keys_first=False, count=visible_count
            ),
            "related": related,
            "updates": updates_for(story),
            "is_author": is_author,
            "expand_notes": expand_notes,
            "hidden_reasons": hidden,
            "thread_open": not hidden and (expand_notes or is_author),
            **thread_context(request, story, own=own),
            **extra,
        },
        status=status,
    )


REPLY_FIELDS = (
    "id",
    "story_id",
    "author_id",
    "alias",
    "body_html",
    "state",
    "is_story_author",
    "helpful",
    "content_note",
    "created_at",
    "edited_at",
    "crisis_detected",
    "reaction_hear",
    "reaction_metoo",
    "reaction_strength",
    "reaction_thanks",
    "support_count",
)


@require_safe
def search_view(request):
    query = request.GET.get("q", "")
    context = {"query": query[:200], "max_length": search.MAX_QUERY_LENGTH}
    if len(query) > search.MAX_QUERY_LENGTH:
        context["notice"] = _(
            "That search is longer than we can look for (%(max)d characters at most). "
            "Try a few words that matter most to you."
        ) % {"max": search.MAX_QUERY_LENGTH}
        return render(request, "forum/search.html", context)
    if not search.terms(query):
        if query.strip():
            context["notice"] = _(
                "Try searching with a few words that carry the meaning, like “lonely” or "
                "“silence”. Small words such as “a” or “the” are in nearly every story."
            )
        return render(request, "forum/search.html", context)
    raw_page = request.GET.get("page", "1")
    # ASCII digits only and a sane size: a huge page number would overflow the database's
    # OFFSET (a 500 before), and str.isdigit() also accepts digits int() cannot read.
    if not re.fullmatch(r"[0-9]{1,6}", raw_page) or int(raw_page) < 1:
        raise Http404("No such page.")
    number = int(raw_page)
    try:
        found = search.search(query, limit=PER_PAGE, offset=(number - 1) * PER_PAGE)
    except search.SearchTooCostly:
        context["notice"] = _(
            "That search would take us too long. Try fewer words, or more particular ones."
        )
        return render(request, "forum/search.html", context)
    if number > 1 and not found.hits:
        raise Http404("No such page.")
    if search.dropped_words(query):
        context["notice"] = _(
            "We looked for the first %(n)d words that matter. Fewer words find more."
        ) % {"n": search.MAX_TERMS}
    hits = found.hits
    by_id = Story.objects.published().for_cards().in_bulk([h.story_id for h in hits])
    attach_theme_tags(by_id.values())
    results = [(by_id[h.story_id], h.snippet_html) for h in hits if h.story_id in by_id]
    pagecache.depends_on_stories(request, by_id)
    # Only the first MAX_RANKED matches can be paged through.
    pages = max(1, -(-min(found.total, search.MAX_RANKED) // PER_PAGE))
    context.update(
        {
            "results": results,
            "total": found.total,
            "more": found.more,
            "number": number,
            "pages": pages,
            "has_next": number < pages,
            "has_previous": number > 1,
        }
    )
    return render(request, "forum/search.html", context)
