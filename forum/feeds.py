"""Atom feeds of published stories: all, and per theme. Author is always the alias."""

from dataclasses import dataclass

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

from forum.filters import ReaderFilter, from_query, reader_filter
from forum.models import Story, Theme

FEED_SIZE = 30


class StoryFeed(Feed):
    feed_type = Atom1Feed
    title = _("Unspoken: new stories")
    subtitle = _("Stories of silence and emotional neglect in relationships, shared anonymously.")

    def __call__(self, request, *args, **kwargs):
        # Conditional GET: a feed reader polling an unchanged feed gets a 304 and no body.
        response = super().__call__(request, *args, **kwargs)
        set_response_etag(response)
        return get_conditional_response(request, etag=response["ETag"], response=response)

    def link(self):
        return reverse("forum:story-list")

    def get_object(self, request, *args, **kwargs):
        # One feed instance serves every request: what varies per request lives in the object.
        return FeedScope(theme=None, hide=_hide(request))

    def items(self, obj):
        return self.stories(obj)[:FEED_SIZE]

    def stories(self, scope):
        stories = Story.objects.published().without_hidden(scope.hide)
        if scope.theme is not None:
            stories = stories.in_theme(scope.theme)
        return stories.only(
            "id",
            "slug",
            "title",
            "excerpt",
            "content_note",
            "content_warnings",
            "alias",
            "published_at",
            "edited_at",
        ).sorted_by("newest")

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        # Atom sends the summary as type="html": feed readers render it, so plain text (which
        # may well contain "<script>") must be HTML-escaped here, on top of the XML escaping.
        if item.has_content_note:
            note = _("Content note: %(note)s") % {"note": ", ".join(item.content_note_labels())}
            return escape(note)
        return escape(item.excerpt)

    def item_author_name(self, item):
        return item.alias

    # To the hour, like the pages: exact times would line up one person's posts.
    def item_pubdate(self, item):
        return _hour(item.published_at)

    def item_updateddate(self, item):
        return _hour(item.edited_at or item.published_at)


def _hour(value):
    return value.replace(minute=0, second=0, microsecond=0) if value else value


@dataclass(frozen=True)
class FeedScope:
    theme: Theme | None
    hide: ReaderFilter


def _hide(request) -> ReaderFilter:
    """The reader's filter (account or cookie) and any ``?hide=`` in the feed's address, for
    feed readers, which carry neither."""
    asked = from_query(request.GET.getlist("hide"))
    own = reader_filter(request)
    return ReaderFilter(notes=own.notes | asked.notes, themes=own.themes | asked.themes)


class ThemeFeed(StoryFeed):
    def get_object(self, request, slug):
        return FeedScope(theme=get_object_or_404(Theme, slug=slug), hide=_hide(request))

    def title(self, obj):
        return _("Unspoken: %(theme)s") % {"theme": obj.theme.name}

    def subtitle(self, obj):
        return obj.theme.description

    def link(self, obj):
        return obj.theme.get_absolute_url()
