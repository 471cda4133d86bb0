from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from forum.models import Story, Theme


class StorySitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return (
            Story.objects.published().only("id", "slug", "published_at", "edited_at").order_by("id")
        )

    def lastmod(self, item):
        # The day only: exact times are what lines up one person's posts (see the <time> tags).
        moment = item.edited_at or item.published_at
        return moment.date() if moment else None


class ThemeSitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Theme.objects.all()


class PageSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return [
            "forum:home",
            "forum:story-list",
            "forum:theme-list",
            "forum:waiting",
            "forum:guidelines",
            "forum:support",
            "forum:about",
        ]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"pages": PageSitemap, "themes": ThemeSitemap, "stories": StorySitemap}
