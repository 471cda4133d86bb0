from django.urls import path

from .feeds import StoryFeed, ThemeFeed
from .views import browse, compose, notifications, pages

app_name = "forum"

urlpatterns = [
    path("", browse.home, name="home"),
    path("stories/", browse.story_list, name="story-list"),
    path("stories/new/", compose.story_create, name="story-create"),
    path("stories/<int:pk>/", browse.story_detail, name="story-detail-short"),
    path("stories/<int:pk>/posted/", compose.story_posted, name="story-posted"),
    path("stories/<int:pk>/edit/", compose.story_edit_view, name="story-edit"),
    path("stories/<int:pk>/delete/", compose.story_delete_view, name="story-delete"),
    path("stories/<int:pk>/<slug:slug>/", browse.story_detail, name="story-detail"),
    path("stories/manage/<str:token>/", compose.story_manage, name="story-manage"),
    path("stories/manage/<str:token>/edit/", compose.story_manage_edit, name="story-manage-edit"),
    path(
        "stories/manage/<str:token>/delete/",
        compose.story_manage_delete,
        name="story-manage-delete",
    ),
    path("themes/", browse.theme_list, name="theme-list"),
    path("themes/<slug:slug>/", browse.theme_detail, name="theme-detail"),
    path("waiting/", browse.waiting, name="waiting"),
    path("search/", browse.search_view, name="search"),
    path("me/", compose.me, name="me"),
    path("me/notifications/", notifications.notification_list, name="notification-list"),
    path(
        "me/notifications/<int:pk>/read/",
        notifications.notification_read,
        name="notification-read",
    ),
    path(
        "me/notifications/read-all/",
        notifications.notification_read_all,
        name="notification-read-all",
    ),
    path("feeds/stories/", StoryFeed(), name="feed-stories"),
    path("feeds/themes/<slug:slug>/", ThemeFeed(), name="feed-theme"),
    path("guidelines/", pages.guidelines, name="guidelines"),
    path("support/", pages.support, name="support"),
    path("about/", pages.about, name="about"),
]
