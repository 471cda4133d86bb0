from django.urls import include, path


def broken(request):
    raise RuntimeError("deliberately broken view")


urlpatterns = [path("broken/", broken), path("", include("config.urls"))]
handler500 = "config.errors.server_error"
