"""Atom feeds of published stories: all, and per theme. Author is always the alias."""

from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.cache import get_conditional_response, set_response_etag
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _

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

    def items(self):
        return self.stories()[:FEED_SIZE]

    def stories(self, theme=None):
        stories = Story.objects.published()
        if theme is not None:
            stories = stories.in_theme(theme)
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

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.edited_at or item.published_at


class ThemeFeed(StoryFeed):
    def get_object(self, request, slug):
        return get_object_or_404(Theme, slug=slug)

    def title(self, obj):
        return _("Unspoken: %(theme)s") % {"theme": obj.name}

    def subtitle(self, obj):
        return obj.description

    def link(self, obj):
        return obj.get_absolute_url()

    def items(self, obj):
        return self.stories(obj)[:FEED_SIZE]
