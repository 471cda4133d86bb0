"""Watched words, managed in the moderation area through the services in
moderation.watchwords, which log every change and invalidate the matcher in every process."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from moderation import watchwords
from moderation.forms import WatchedWordForm
from moderation.models import WatchedWord
from moderation.permissions import moderator_required


@moderator_required
@require_http_methods(["GET", "HEAD", "POST"])
def word_list(request):
    form = WatchedWordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        watchwords.word_add(moderator=request.user, **form.cleaned_data)
        messages.success(request, _("Added. New stories and replies are checked against it."))
        return redirect("moderation:word-list")
    return render(
        request,
        "moderation/words.html",
        {"form": form, "words": WatchedWord.objects.all()},
        status=400 if form.errors else 200,
    )


@moderator_required
@require_POST
def word_delete(request, pk):
    word = get_object_or_404(WatchedWord, pk=pk)
    if watchwords.word_delete(word=word, moderator=request.user):
        messages.success(request, _("Deleted from the watched words."))
    return redirect("moderation:word-list")
