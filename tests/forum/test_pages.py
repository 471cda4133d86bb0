"""Static pages, health check, robots and the base layout."""

import pytest
from django.db.utils import OperationalError
from django.urls import reverse

STATIC_PAGES = ["forum:guidelines", "forum:support", "forum:about"]


@pytest.mark.django_db
@pytest.mark.parametrize("name", STATIC_PAGES)
def test_static_pages_render_in_the_base_layout(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="skip-link"' in html
    assert '<main id="main"' in html
    assert "<header" in html and "<footer" in html
    assert reverse("forum:story-create") in html  # header navigation: Share your story


@pytest.mark.django_db
def test_support_page_points_to_emergency_help(client):
    html = client.get(reverse("forum:support")).content.decode()
    assert "emergency" in html.lower()
    assert "helpline" in html.lower()


@pytest.mark.django_db
def test_healthz_is_ok_when_the_database_answers(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "up"}


@pytest.mark.django_db
def test_healthz_is_503_when_the_database_does_not_answer(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(self, sql, params=None):
        raise OperationalError("database is gone")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "down"


@pytest.mark.django_db
def test_robots_txt_keeps_private_areas_out_and_names_the_sitemap(client):
    text = client.get("/robots.txt").content.decode()
    assert "Disallow: /moderation/" in text
    assert "Disallow: /stories/manage/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


@pytest.mark.django_db
def test_pages_work_without_javascript_no_inline_script(client):
    html = client.get(reverse("forum:home")).content.decode()
    assert "<script>" not in html
    assert "onclick" not in html


def test_story_cards_show_each_storys_themes_in_the_themes_order_and_their_current_names(
    client, story_factory, themes
):
    """Theme tags on list pages come from one query of plain rows per page, not a prefetch."""
    from forum.models import Theme

    first, last = themes[0], themes[-1]
    story_factory(title="Tagged both ways", theme_slugs=[last.slug, first.slug])
    story_factory(title="Tagged once", theme_slugs=[last.slug])
    Theme.objects.filter(pk=last.pk).update(name="Renamed just now")
    for url in ("/stories/", "/waiting/", "/", f"/themes/{last.slug}/"):
        html = client.get(url).content.decode()
        card = html.split(">Tagged both ways<")[1].split("</article>")[0]
        assert card.index(first.name) < card.index("Renamed just now")  # the themes' own order
        card = html.split(">Tagged once<")[1].split("</article>")[0]
        assert "Renamed just now" in card and first.name not in card
