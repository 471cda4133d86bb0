from django import template
from django.utils.html import format_html

from forum.notices import notice_link, notice_sentence

register = template.Library()


@register.simple_tag
def notice_text(n):
    """The notification's sentence, with the story's title as an (escaped) link."""
    title = n.story.title if n.story_id else ""
    url = notice_link(n)
    linked = (
        format_html('<a href="{}" data-user-content>{}</a>', url, title)
        if url
        else format_html("<span data-user-content>{}</span>", title)
    )
    # The sentence is our own translated text; braces in it are doubled so format_html
    # reads only the two placeholders, and escapes what goes in them.
    sentence = notice_sentence(n).replace("{", "{{").replace("}", "}}")
    sentence = sentence.replace("%(title)s", "{title}").replace("%(alias)s", "{alias}")
    return format_html(sentence, title=linked, alias=n.actor_alias)


@register.simple_tag
def notice_plain(n, title=""):
    """The notification's sentence as plain text (e-mails): ``title`` is already made safe
    for plain text by the caller (one line, links defanged)."""
    return notice_sentence(n) % {"title": title, "alias": n.actor_alias}
